#!/usr/bin/env python3
"""Checks that the build and the runner agree on the demo programs: the
conclint-demo target of BUILD builds exactly the demo/good files that
scripts/demolib.py says have a generic build (every file, by glob, except
those marked `// DEMO: no-generic-build`).

Usage: check_targets.py SRC_ROOT BUILD_DIR
"""

import os
import re
import subprocess
import sys


def main():
    src_root, build = sys.argv[1], sys.argv[2]
    sys.path.insert(0, os.path.join(src_root, "scripts"))
    import demolib

    expected = {d.name for d in demolib.demo_files(os.path.join(src_root, "demo"), "good")
                if d.generic_build}
    proc = subprocess.run(["ninja", "-C", build, "-t", "query", "demo/conclint-demo"],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    if proc.returncode != 0:
        print("ninja -t query failed:\n" + proc.stdout)
        return 1
    built = set(re.findall(r"^\s+demo/bin/(\S+)$", proc.stdout, re.MULTILINE))
    ok = True
    for name in sorted(expected - built):
        print("demo/good/%s.cpp: not built by conclint-demo (re-run CMake?)" % name)
        ok = False
    for name in sorted(built - expected):
        print("demo/bin/%s: built by conclint-demo, but the runner does not run it" % name)
        ok = False
    if ok:
        print("conclint-demo builds the %d generic demo programs" % len(expected))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
