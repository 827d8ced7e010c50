#!/usr/bin/env python3
"""A bounded, seeded mutation fuzzer for the conclint checks.

  mutate.py --tidy CONCLINT_TIDY --seed N --count M [--timeout S] [-j J]
            [--out DIR] SEED_FILE...

Makes M mutants of the seed files (the demo programs and the check tests),
deterministically from --seed: lines deleted, duplicated or swapped, byte
ranges cut, tokens that matter to the checks inserted (braces, co_await,
lambdas, thread and mutex declarations, deep expressions), files truncated.
Each mutant is analysed by conclint-tidy with every conclint check under a
time limit; mutants go in batches through one process, and a batch that
fails is re-run file by file to name the culprit. A crash (a signal, or
LLVM's crash banner) or a hang (over the time limit) fails the run; compile
errors are expected and fine. Crashing and hanging inputs are kept in
--out. Prints one line: "mutants: M, crashes: C, hangs: H, seconds: T".
"""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

TOKENS = [
    "{", "}", "(", ")", ";", ",", "co_await ", "co_return ", "co_yield 1;",
    "[&]", "[=]() { }", "std::thread t([&] { });", "std::mutex m;",
    "std::lock_guard<std::mutex> g(m);", "t.join();", "t.detach();",
    "static int counter = 0;", "counter++;", "return;", "template <class T>",
    "auto", "...", "::", "->", "&&", "#include <thread>\n", "#if 0\n",
    "#endif\n", "\n#define X(", "asm(\"\");", "goto l; l:", "sizeof(",
    "decltype(", "noexcept", "1" + " + 1" * 2000,
]


def mutate(text, rng):
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(7)
        if not lines:
            lines = [""]
        i = rng.randrange(len(lines))
        if op == 0:  # delete lines
            del lines[i:i + rng.randint(1, 5)]
        elif op == 1:  # duplicate a line
            lines.insert(i, lines[i])
        elif op == 2:  # swap two lines
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:  # insert a token inside a line
            ln = lines[i]
            k = rng.randint(0, len(ln))
            lines[i] = ln[:k] + rng.choice(TOKENS) + ln[k:]
        elif op == 4:  # cut a byte range
            joined = "\n".join(lines)
            if joined:
                a = rng.randrange(len(joined))
                joined = joined[:a] + joined[a + rng.randint(1, 40):]
            lines = joined.split("\n")
        elif op == 5:  # truncate
            lines = lines[:i + 1]
        else:  # replace a character
            ln = lines[i]
            if ln:
                k = rng.randrange(len(ln))
                lines[i] = ln[:k] + rng.choice("{}();,<>&*=!~") + ln[k + 1:]
    return "\n".join(lines)


def crashed(rc, out):
    return rc < 0 or rc >= 128 or "PLEASE submit a bug report" in out \
        or "Stack dump:" in out


def run(tidy, files, timeout):
    cmd = [tidy, "--checks=-*,conclint-*", "--quiet"] + files + \
        ["--", "-std=c++20", "-I" + os.path.dirname(files[0])]
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, errors="replace",
                           timeout=timeout * len(files))
        return ("crash" if crashed(p.returncode, p.stdout) else "ok"), p.stdout
    except subprocess.TimeoutExpired:
        return "hang", ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tidy", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("-j", type=int, default=1)
    ap.add_argument("--out", default=None)
    ap.add_argument("seeds", nargs="+")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    sources = []
    for s in sorted(a.seeds):
        with open(s, encoding="utf-8", errors="replace") as f:
            sources.append((os.path.basename(s), f.read()))
    work = tempfile.mkdtemp(prefix="conclint-fuzz-")
    out = a.out or os.path.join(work, "findings")
    mutants = []
    for n in range(a.count):
        name, text = sources[rng.randrange(len(sources))]
        path = os.path.join(work, "m%04d-%s" % (n, name))
        with open(path, "w", encoding="utf-8") as f:
            f.write(mutate(text, rng))
        mutants.append(path)
    start = time.time()
    bad = []  # (kind, path)

    def check_batch(batch):
        kind, _ = run(a.tidy, batch, a.timeout)
        if kind == "ok":
            return []
        found = []
        for m in batch:  # name the culprit(s)
            k, _ = run(a.tidy, [m], a.timeout)
            if k != "ok":
                found.append((k, m))
        return found

    batches = [mutants[i:i + a.batch] for i in range(0, len(mutants), a.batch)]
    done = 0

    def progress(r, size):
        nonlocal done
        done += size
        # On stderr, so that a long run can be followed (and cut short).
        sys.stderr.write("tried %d/%d, failing so far %d\n"
                         % (done, len(mutants), len(bad) + len(r)))
        sys.stderr.flush()

    if a.j > 1:
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(a.j) as ex:
            for b, r in zip(batches, ex.map(check_batch, batches)):
                progress(r, len(b))
                bad += r
    else:
        for b in batches:
            r = check_batch(b)
            progress(r, len(b))
            bad += r
    secs = time.time() - start
    if bad:
        os.makedirs(out, exist_ok=True)
        for kind, m in bad:
            dst = os.path.join(out, kind + "-" + os.path.basename(m))
            with open(m, encoding="utf-8", errors="replace") as f, \
                    open(dst, "w", encoding="utf-8") as g:
                g.write(f.read())
            print("%s: %s" % (kind, dst))
    shutil.rmtree(work, ignore_errors=True)
    crashes = sum(1 for k, _ in bad if k == "crash")
    hangs = sum(1 for k, _ in bad if k == "hang")
    print("mutants: %d, crashes: %d, hangs: %d, seconds: %.0f"
          % (len(mutants), crashes, hangs, secs))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
