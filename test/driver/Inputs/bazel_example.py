"""Builds integrations/bazel/example with Bazel, offline, and checks that
conclint's aspect is a cacheable, hermetic action per source:

 1. a first build analyses every C++ source once (ConclintAnalyze) and
    merges (ConclintMerge); the report has the example's finding, with a
    workspace-relative path;
 2. a second build from an empty output base with the same --disk_cache
    takes every ConclintAnalyze from the disk cache, with the same bytes;
 3. after a change to one source, an incremental build runs exactly that
    source's ConclintAnalyze and the merge.

  bazel_example.py SRC_ROOT CONCLINT WORKDIR
Prints one line per step; exits 1 on any violation."""
import glob
import json
import os
import shutil
import subprocess
import sys

src_root, conclint, work = sys.argv[1:4]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
rules = os.path.join(work, "bazel")
shutil.copytree(os.path.join(src_root, "integrations", "bazel"), rules,
                ignore=shutil.ignore_patterns("bazel-*"))
ws = os.path.join(rules, "example")
shutil.copy2(conclint, os.path.join(ws, "tools", "conclint"))
disk_cache = os.path.join(work, "disk-cache")
failures = []


def bazel(output_root, log, *targets):
    cmd = ["bazel", "--batch", "--output_user_root=" + output_root, "build",
           "--disk_cache=" + disk_cache, "--execution_log_json_file=" + log,
           "--color=no", "--curses=no", "--noshow_progress",
           "--aspects=@conclint//:conclint.bzl%conclint_aspect",
           "--output_groups=+conclint_report"] + list(targets)
    p = subprocess.run(cmd, cwd=ws, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        print(p.stdout[-4000:])
        print("bazel build failed with exit code %d" % p.returncode)
        sys.exit(1)
    spawns = []
    text = open(log).read()
    dec = json.JSONDecoder()
    i = 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        obj, i = dec.raw_decode(text, i)
        spawns.append(obj)
    return spawns


def summary(spawns, mnemonic):
    mine = [s for s in spawns if s.get("mnemonic") == mnemonic]
    hits = sum(1 for s in mine if s.get("remoteCacheHit"))
    return len(mine), hits


def outputs():
    out = {}
    for f in sorted(glob.glob(os.path.join(ws, "bazel-bin", "**", "conclint", "*"),
                              recursive=True)):
        out[os.path.relpath(f, os.path.join(ws, "bazel-bin"))] = open(f, "rb").read()
    return out


def check(cond, msg):
    print(("ok: " if cond else "FAILED: ") + msg)
    if not cond:
        failures.append(msg)


targets = ("//:app", "//:app_conclint")
# 1. cold
s1 = bazel(os.path.join(work, "root1"), os.path.join(work, "log1.json"), *targets)
n, hits = summary(s1, "ConclintAnalyze")
check(n == 5 and hits == 0, "first build: %d analysis actions run, %d from the cache" % (n, hits))
check(summary(s1, "ConclintMerge")[0] == 1, "first build: the merge ran")
report = json.load(open(os.path.join(ws, "bazel-bin", "app_conclint.json")))
found = [(f["path"], f["location"]["line"], f["check"]) for f in report["findings"]]
check(found == [("src/counter.cc", 5, "bugprone-unused-raii"),
                ("src/poller.cc", 15, "conclint-blocking-call-in-coroutine")],
      "report: %s" % found)
# The link: poller.cc's coroutine reaches pause.cc's sleep (another target).
chain = [("src/" + os.path.basename(n["location"]["file"]), n["location"]["line"])
         for f in report["findings"] if f["path"] == "src/poller.cc"
         for n in f["notes"]]
check(chain == [("src/pause.cc", 6)], "link: chain %s" % chain)
first = outputs()
check(len(first) == 10 and all(work.encode() not in v and b"execroot" not in v
                               for v in first.values()),
      "%d per-source outputs, no machine paths in them" % len(first))

# 2. an empty output base, the same disk cache
s2 = bazel(os.path.join(work, "root2"), os.path.join(work, "log2.json"), *targets)
n, hits = summary(s2, "ConclintAnalyze")
check(n == 5 and hits == 5, "second build: %d analysis actions, %d from the disk cache" % (n, hits))
check(outputs() == first, "second build: the same bytes")

# 3. one source changed
path = os.path.join(ws, "src", "counter.cc")
with open(path) as f:
    body = f.read()
with open(path, "w") as f:
    f.write("// edited\n" + body)
s3 = bazel(os.path.join(work, "root2"), os.path.join(work, "log3.json"), *targets)
ran = [s for s in s3 if s.get("mnemonic") == "ConclintAnalyze"]
srcs = sorted(a for s in ran for a in s.get("commandArgs", []) if a.startswith("src/") and a.endswith(".cc"))
check(len(ran) == 1 and not ran[0].get("remoteCacheHit") and srcs == ["src/counter.cc"],
      "after editing src/counter.cc: analysis actions run: %s" % sorted(set(srcs)))
check(summary(s3, "ConclintMerge") == (1, 0), "after the edit: the merge ran again")
report = json.load(open(os.path.join(ws, "bazel-bin", "app_conclint.json")))
found = [(f["path"], f["location"]["line"]) for f in report["findings"]]
check(found == [("src/counter.cc", 6), ("src/poller.cc", 15)],
      "report after the edit: %s" % found)
sys.exit(1 if failures else 0)
