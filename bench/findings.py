#!/usr/bin/env python3
"""Run the conclint driver once over the selected corpus and keep its findings.

  python3 bench/findings.py [--build build] [-j 2] [--stamp STAMP] [FILE...]

This is the precision half of the benchmark without the timing runs: one
`conclint` run over bench/corpus/db (prepared by bench/corpus.sh), every
conclint check, the projects' own .clang-tidy files ignored (the same empty
configuration bench/bench.py uses), headers of the corpus reported once. It
writes to bench/results/<UTC stamp>/:

  command.txt    the exact command line and the driver's --stats line
  report.json    the driver's JSON report
  findings.tsv   project, first_tu, file, line, col, check, message: the same
                 columns bench/bench.py writes, read by bench/triage.py
  failures.tsv   TUs the driver could not analyse (parse errors, crashes)

Exit status: 0 when the driver ran (whatever it found), 1 when it crashed
on a TU (recorded in failures.tsv), 2 when it could not run.
"""

import argparse
import csv
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--stamp", default=None)
    ap.add_argument("--checks", default="-*,conclint-*")
    ap.add_argument("--cache-dir", default=None,
                    help="keep the driver's result cache (and its kept merged program) "
                         "in this directory, outside the corpus, so that a second run "
                         "measures a warm run; default: no cache")
    ap.add_argument("paths", nargs="*",
                    help="analyse only these files of the database (e.g. the TUs a "
                         "changed selection added); default: all")
    a = ap.parse_args()
    corpus = os.path.abspath(a.corpus)
    driver = os.path.join(a.build, "driver", "conclint", "conclint")
    db = os.path.join(corpus, "db")
    if not os.access(driver, os.X_OK):
        sys.exit("findings: no driver at %s (ninja -C %s conclint)" % (driver, a.build))
    if not os.path.isfile(os.path.join(db, "compile_commands.json")):
        sys.exit("findings: no %s/compile_commands.json (bash bench/corpus.sh)" % db)
    stamp = a.stamp or datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H%MZ")
    out = os.path.join(HERE, "results", stamp)
    os.makedirs(out, exist_ok=True)
    header_filter = "^(%s/src/|/usr/include/asio/)" % re.escape(corpus)
    report = os.path.join(out, "report.json")
    # The driver writes the merged summaries for the editor front-ends; keep
    # them out of the corpus's build directory, which is not ours to change.
    tmp = tempfile.mkdtemp(prefix="conclint-findings-")
    cmd = [driver, "-p", db, "--checks=" + a.checks, "--config={}", "--format=json",
           "-o", report, "-j", str(a.jobs), "--header-filter=" + header_filter,
           ("--cache-dir=" + os.path.abspath(a.cache_dir)) if a.cache_dir else "--no-cache",
           "--stats", "--progress=never", "--crash-dir=" + os.path.join(out, "crashes"),
           "--summary-store=" + os.path.join(tmp, "summaries")] + a.paths
    t0 = datetime.datetime.now(datetime.timezone.utc)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       universal_newlines=True)
    t1 = datetime.datetime.now(datetime.timezone.utc)
    shutil.rmtree(tmp, ignore_errors=True)
    with open(os.path.join(out, "command.txt"), "w") as fh:
        fh.write("nice -n 10 " + " ".join("'%s'" % c if re.search(r"[^\w/=.,:-]", c) else c
                                          for c in cmd) + "\n")
        fh.write("start %s, end %s, exit %d\n" % (t0.isoformat(timespec="seconds"),
                                                  t1.isoformat(timespec="seconds"), p.returncode))
        fh.write(p.stderr[-20000:])
    if p.returncode == 2 or not os.path.isfile(report):
        sys.stderr.write(p.stderr)
        sys.exit("findings: the driver could not run (exit %d)" % p.returncode)
    with open(report) as fh:
        rep = json.load(fh)
    # Which project a file belongs to: the selection names each TU's project;
    # a header goes to the project whose source tree holds it.
    sel = {}
    with open(os.path.join(db, "selection.tsv")) as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            sel[os.path.realpath(r["file"])] = (r["project"], r["name"])

    def project_of(path):
        rp = os.path.realpath(path)
        if rp in sel:
            return sel[rp]
        m = re.match(re.escape(os.path.join(corpus, "src")) + r"/([^/]+)/", rp)
        if m:
            return (m.group(1), "")
        if rp.startswith("/usr/include/asio/"):
            return ("asio", "")
        return ("?", "")

    rows = set()
    for f in rep.get("findings", []):
        loc = f["location"]
        path = loc["file"]
        if not os.path.isabs(path):
            path = os.path.normpath(os.path.join(ROOT, path))
        proj, tu = project_of(path)
        rows.add((proj, tu, os.path.realpath(path), int(loc["line"]), int(loc["column"]),
                  f["check"], f["message"]))
    with open(os.path.join(out, "findings.tsv"), "w") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["project", "first_tu", "file", "line", "col", "check", "message"])
        for r in sorted(rows, key=lambda r: (r[2], r[3], r[4], r[5], r[6])):
            w.writerow(r)
    crashed = 0
    with open(os.path.join(out, "failures.tsv"), "w") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["file", "reason"])
        for f in rep.get("failures", []):
            reason = f.get("error") or f.get("reason") or json.dumps(f)
            if re.search(r"crash|signal|Stack dump|PLEASE submit", reason, re.I):
                crashed += 1
            w.writerow([f.get("file", f.get("path", "")), reason.replace("\n", " ")[:2000]])
    print("findings: %d findings, %d failed TUs (%d crashes) -> %s"
          % (len(rows), len(rep.get("failures", [])), crashed, out))
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main())
