"""Compares the reports of two conclint drivers (built against different LLVM
versions) for the same findings, byte for byte, in every format.

usage: compare_drivers.py THIS OTHER PROJECT_DIR [DRIVER_ARG...]

OTHER analyses PROJECT_DIR once (--shard=1/1 writes its results); both drivers
then render that one results file with `conclint merge` in every format, so
they report exactly the same findings. Prints one line per format, and the
first differing lines when the reports differ. Exits 1 on any difference.
"""
import difflib
import os
import subprocess
import sys
import tempfile

FORMATS = ["text", "json", "sarif", "github", "gitlab", "sonarqube", "codechecker"]


def run(cmd, cwd):
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stderr.decode(errors="replace")


def main():
    this, other, project = sys.argv[1:4]
    extra = sys.argv[4:]
    out = tempfile.mkdtemp(prefix="compare-", dir=project)
    results = os.path.join(out, "results.json")
    rc, err = run([other, "-p", ".", "--no-cache", "--shard=1/1", "-o", results] + extra, project)
    if rc != 0:
        print("the other driver's analysis failed (%d): %s" % (rc, err))
        return 1
    same = True
    for fmt in FORMATS:
        reports = []
        for name, driver in (("this", this), ("other", other)):
            path = os.path.join(out, "%s.%s" % (name, fmt))
            rc, err = run([driver, "merge", "--format=" + fmt, "-o", path, results], project)
            with open(path, "rb") as f:
                reports.append((rc, f.read()))
        (rc1, a), (rc2, b) = reports
        if rc1 == rc2 and a == b:
            print("%s: identical, %d bytes, exit %d" % (fmt, len(a), rc1))
            continue
        same = False
        print("%s: DIFFERENT (exit %d vs %d)" % (fmt, rc1, rc2))
        diff = difflib.unified_diff(b.decode(errors="replace").splitlines(),
                                    a.decode(errors="replace").splitlines(),
                                    "other", "this", lineterm="", n=1)
        for i, line in enumerate(diff):
            if i == 40:
                print("...")
                break
            print(line)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
