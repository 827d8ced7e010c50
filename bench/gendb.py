#!/usr/bin/env python3
"""Write a compile_commands.json for sources that have no usable build system.

  gendb.py --out DB --root DIR [--std c++20] [-I DIR]... [-D NAME]... [--flag=F]... GLOB...

Used by bench/corpus.sh for the corpus projects that ship examples without a
build system we can configure offline (asio's and Boost's examples, the
examples in Debian's -dev/-doc binary packages, readerwriterqueue's tests):
every file matching one of the GLOBs (relative to --root, `**` recursive) is
compiled with the given standard, include directories and macros. The
entries are sorted by path, so the database is the same on every machine.
"""

import argparse
import glob
import json
import os
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--std", default="c++17")
    ap.add_argument("--cxx", default="clang++-22")
    ap.add_argument("-I", dest="inc", action="append", default=[])
    ap.add_argument("-D", dest="defs", action="append", default=[])
    ap.add_argument("--inc-glob", action="append", default=[],
                    help="include directories matching this glob under --root, sorted")
    ap.add_argument("--flag", action="append", default=[],
                    help="another compiler flag (--flag=-fsomething)")
    ap.add_argument("globs", nargs="+")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    incs = [os.path.abspath(x) for x in a.inc]
    for g in a.inc_glob:
        incs += sorted(glob.glob(os.path.join(root, g)))
    files = set()
    for g in a.globs:
        files.update(glob.glob(os.path.join(root, g), recursive=True))
    if not files:
        sys.exit("gendb: no sources match %s under %s" % (a.globs, root))
    cmds = []
    for path in sorted(files):
        d = os.path.dirname(path)
        args = [a.cxx, "-std=" + a.std, "-pthread"]
        args += a.flag
        args += ["-D" + x for x in a.defs]
        args += ["-I" + x for x in incs]
        args += ["-c", path, "-o", path + ".o"]
        cmds.append({"directory": d, "file": path, "arguments": args})
    tmp = a.out + ".tmp"
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(tmp, "w") as fh:
        json.dump(cmds, fh, indent=1)
    os.replace(tmp, a.out)


if __name__ == "__main__":
    main()
