#!/usr/bin/env python3
"""Each conclint check's share of clangd's latency, by clangd's own timer.

  scripts/clangd-latency.py --clangd build/driver/conclint-clangd [FILE...]

clangd decides which clang-tidy checks may run while the user types from a
table it builds with `clangd --check=FILE --check-tidy-time=GLOB`: that mode
rebuilds the file's AST with each check alone and prints how many percent the
check adds to the AST build ("baseline"). clangd calls a check fast at <= 8%.
conclint-clangd declares every conclint-* check fast (driver/ClangdHooks.cpp);
this script is the measurement behind that, run on the demo (every check's
own bad and good file, and the lessons) unless files are given. Each file is
measured --repeat times and its figure is the median. It prints one table row
per check: the median and the largest of those figures over the files, and on
how many files clangd kept a stable measurement.

The machine should be quiet: clangd repeats a measurement until it is stable
to 3%, and discards it when it cannot get there.
"""

import argparse
import glob
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINE = re.compile(r"^\S+\s+(conclint-[a-z-]+) = (-?[0-9.]+)%")
BASELINE = re.compile(r"Baseline = ([0-9]+) ns")


def measure(clangd, path, xdg):
    """Returns ({check: percent}, baseline ns) for one file. A check whose
    measurement clangd could not stabilise is missing from the dict."""
    proc = subprocess.run(
        [clangd, "--check=" + path, "--check-locations=0", "--check-tidy-time=conclint-*"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, XDG_CONFIG_HOME=xdg), timeout=1800)
    shares, baseline = {}, None
    for line in proc.stderr.splitlines():
        m = BASELINE.search(line)
        if m:
            baseline = int(m.group(1))
        m = LINE.search(line)
        if m:
            shares[m.group(1)] = float(m.group(2))
    if proc.returncode != 0 or baseline is None:
        sys.exit("clangd-latency: %s --check=%s failed:\n%s" % (clangd, path, proc.stderr[-3000:]))
    return shares, baseline


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clangd", default=os.path.join(ROOT, "build", "driver", "conclint-clangd"))
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs per file; a file's figure is their median")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(ROOT, "demo", "bad", "*.cpp")) +
                                 glob.glob(os.path.join(ROOT, "demo", "good", "*.cpp")))
    per_check = {}
    with tempfile.TemporaryDirectory() as xdg:
        for path in files:
            runs = [measure(args.clangd, path, xdg) for _ in range(args.repeat)]
            baseline = statistics.median(b for _, b in runs)
            shares = {}
            for check in set().union(*(r for r, _ in runs)):
                vals = [r[check] for r, _ in runs if check in r]
                shares[check] = statistics.median(vals)
            print("%-45s baseline %6.0f ms  %s" % (
                os.path.relpath(path, ROOT), baseline / 1e6,
                " ".join("%s=%g%%" % (c[len("conclint-"):], v) for c, v in sorted(shares.items()))),
                file=sys.stderr)
            for check, v in shares.items():
                per_check.setdefault(check, []).append(v)
    print("| check | median | max | files measured |")
    print("|---|---|---|---|")
    for check in sorted(per_check):
        vals = per_check[check]
        print("| %s | %.0f%% | %.0f%% | %d of %d |" % (
            check, statistics.median(vals), max(vals), len(vals), len(files)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
