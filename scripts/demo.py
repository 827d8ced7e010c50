#!/usr/bin/env python3
"""Builds and runs the runtime demo, then shows what conclint finds.

Called by scripts/demo.sh once conclint is built. Steps:
  1. `ninja conclint-demo`: every demo/good/*.cpp becomes a program;
  2. runs each program (one at a time, so timings are not disturbed) and
     prints a table: lesson, what it shows, measured result. Each program
     checks its own output (exact values, timing bounds) and exits non-zero
     on a wrong result;
  3. runs conclint-tidy with every conclint check over demo/good (must be
     silent) and over demo/bad (prints what it finds; each bad file must draw
     at least one warning).
Exit status 0 only if every step held.
"""

import argparse
import concurrent.futures
import os
import shutil
import subprocess
import sys
import textwrap
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demolib  # noqa: E402

RUN_TIMEOUT = 120  # seconds per program; they take well under 5


def rel(path, root):
    return os.path.relpath(path, root)


def run_program(demo, bindir, root, build):
    """Runs one good program; returns (ok, wall seconds, result text, output)."""
    if demo.generic_build:
        cmd = [os.path.join(bindir, demo.name)]
        shell = False
    elif demo.markers.get("run"):
        cmd = demo.markers["run"]
        shell = True
    else:
        return None
    env = dict(os.environ, CONCLINT_BUILD_DIR=build)
    start = time.monotonic()
    try:
        proc = subprocess.run(cmd, shell=shell, cwd=root, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True,
                              timeout=RUN_TIMEOUT)
        out, rc = proc.stdout, proc.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or "") if isinstance(e.stdout, str) else ""
        out += "\n(timed out after %d s)" % RUN_TIMEOUT
        rc = -1
    except OSError as e:
        out, rc = str(e), -1
    wall = time.monotonic() - start
    result = ""
    for line in out.splitlines():
        if line.startswith("RESULT:"):
            result = line[len("RESULT:"):].strip()
    if not result:
        lines = [l for l in out.splitlines() if l.strip()]
        result = lines[-1].strip() if lines else "(no output)"
    return rc == 0, wall, result, out


def print_table(rows, width):
    """rows: (lesson, shows, result, status). Wraps the two text columns."""
    name_w = max([len("lesson")] + [len(r[0]) for r in rows])
    rest = max(40, width - name_w - 14)
    shows_w = max(20, rest * 2 // 5)
    result_w = max(20, rest - shows_w)
    sep = "+-%s-+-%s-+-%s-+------+" % ("-" * name_w, "-" * shows_w, "-" * result_w)
    print(sep)
    print("| %-*s | %-*s | %-*s | ok?  |" % (name_w, "lesson", shows_w, "what it shows",
                                            result_w, "measured result"))
    print(sep)
    for name, shows, result, status in rows:
        a = textwrap.wrap(shows, shows_w) or [""]
        b = textwrap.wrap(result, result_w) or [""]
        for i in range(max(len(a), len(b))):
            print("| %-*s | %-*s | %-*s | %-4s |" % (
                name_w, name if i == 0 else "", shows_w, a[i] if i < len(a) else "",
                result_w, b[i] if i < len(b) else "", status if i == 0 else ""))
    print(sep)


def conclint(tidy, demo, flags, root):
    cmd = [tidy, "--quiet", "--checks=-*,conclint-*", rel(demo.path, root), "--"] + \
        flags + demo.extra_flags()
    proc = subprocess.run(cmd, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    lines = [l for l in proc.stdout.splitlines()
             if not l.rstrip().endswith("warnings generated.")
             and not l.rstrip().endswith("warning generated.")]
    warnings = sum(1 for l in lines if " warning: " in l)
    errors = sum(1 for l in lines if " error: " in l)
    return proc.returncode, warnings, errors, "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build", help="the CMake build directory")
    ap.add_argument("-j", "--jobs", type=int, default=None,
                    help="parallel ninja jobs and conclint runs (default: all cores)")
    args = ap.parse_args()

    root = demolib.repo_root()
    build = os.path.abspath(args.build)
    tidy = os.path.join(build, "driver", "conclint-tidy")
    bindir = os.path.join(build, "demo", "bin")
    if not os.path.exists(tidy):
        sys.stderr.write("demo: %s is missing; build conclint first (scripts/demo.sh)\n" % tidy)
        return 2
    demo_dir = demolib.demo_dir()
    flags = demolib.compile_flags(demo_dir)
    good = demolib.demo_files(demo_dir, "good")
    bad = demolib.demo_files(demo_dir, "bad")
    failures = []
    t0 = time.monotonic()

    # 1. Build the programs.
    print("== building %d demo programs (ninja conclint-demo)" %
          sum(1 for d in good if d.generic_build), flush=True)
    start = time.monotonic()
    jobs = ["-j", str(args.jobs)] if args.jobs else []
    proc = subprocess.run(["ninja", "-C", build, "conclint-demo"] + jobs, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True)
    build_s = time.monotonic() - start
    if proc.returncode != 0:
        print(proc.stdout)
        sys.stderr.write("demo: building the demo programs failed\n")
        return 1
    print("   built in %.1f s" % build_s)

    # 2. Run them, one at a time.
    print("== running the good programs", flush=True)
    rows = []
    start = time.monotonic()
    for demo in good:
        got = run_program(demo, bindir, root, build)
        if got is None:
            rows.append((demo.name, demo.shows(), "built and run by its own rule", "-"))
            continue
        ok, wall, result, out = got
        status = "FAIL" if not ok else ("busy" if "INCONCLUSIVE" in result else "ok")
        rows.append((demo.name, demo.shows(), "%s [%.2f s]" % (result, wall), status))
        if not ok:
            failures.append("%s: the program failed:\n%s" % (demo.name,
                                                              textwrap.indent(out, "    ")))
    run_s = time.monotonic() - start
    width = shutil.get_terminal_size((120, 24)).columns
    print_table(rows, min(max(width, 100), 160))

    # 3. conclint over demo/good (silent) and demo/bad (findings).
    print("== conclint-tidy --checks='-*,conclint-*' over demo/good (must be silent) "
          "and demo/bad", flush=True)
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs or os.cpu_count() or 2) as pool:
        good_runs = list(pool.map(lambda d: conclint(tidy, d, flags, root), good))
        bad_runs = list(pool.map(lambda d: conclint(tidy, d, flags, root), bad))
    lint_s = time.monotonic() - start
    for demo, (rc, warnings, errors, out) in zip(good, good_runs):
        if warnings or errors or rc != 0:
            failures.append("%s: conclint is not silent on a good program:\n%s" %
                            (rel(demo.path, root), textwrap.indent(out, "    ")))
    print("   demo/good: %d files, %d warnings" %
          (len(good), sum(r[1] for r in good_runs)))
    total_findings = 0
    for demo, (rc, warnings, errors, out) in zip(bad, bad_runs):
        total_findings += warnings
        print("-- %s: %d warning%s" % (rel(demo.path, root), warnings,
                                       "" if warnings == 1 else "s"))
        if out.strip():
            print(textwrap.indent(out, "   "))
        if errors or rc != 0 or warnings == 0:
            failures.append("%s: expected conclint findings, got %d warnings, %d errors "
                            "(exit %d)" % (rel(demo.path, root), warnings, errors, rc))
    print("   demo/bad: %d files, %d warnings" % (len(bad), total_findings))

    print("== demo times: build %.1f s, run %.1f s, conclint %.1f s, total %.1f s" %
          (build_s, run_s, lint_s, time.monotonic() - t0))
    if failures:
        print("== DEMO FAILED (%d problem%s):" % (len(failures), "" if len(failures) == 1 else "s"))
        for f in failures:
            print("  - " + f)
        return 1
    busy = sum(1 for r in rows if r[3] == "busy")
    print("== demo OK: %d programs ran correctly%s, demo/good is silent, demo/bad drew %d "
          "warnings" % (sum(1 for r in rows if r[3] in ("ok", "busy")),
                        " (%d with a timing claim the busy machine left inconclusive)" % busy
                        if busy else "", total_findings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
