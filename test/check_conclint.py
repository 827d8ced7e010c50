#!/usr/bin/env python3
"""Runs one conclint check on one test file and verifies what it says and fixes.

Usage (from a lit RUN line, through the %check_conclint substitution):

  check_conclint.py [options] INPUT CHECKS TEMP [-- COMPILER-ARGS...]

For the front-ends (the stock clang-tidy with the plugin loaded, and
conclint-tidy) and standard libraries (libstdc++, libc++) selected, combined
as combinations() says, it

  1. copies INPUT to TEMP.<frontend>.<stdlib>.cpp with every `// CHECK-...:`
     line blanked (so line numbers stay put);
  2. runs the checks with -fix (and --fix-notes when the test passes
     --fix-notes: fixes that change run-time behaviour sit on notes) and
     collects what they print;
  3. FileChecks the output against the CHECK-MESSAGES lines; any warning or
     error nobody expected fails the test (with CHECK-NOTES, notes must be
     expected too);
  4. FileChecks the fixed file against the CHECK-FIXES lines, if any; as in
     upstream's check_clang_tidy, each CHECK-FIXES line must match a whole
     line of the fixed file (FileCheck --match-full-lines; blanks at either
     end are ignored), so `// CHECK-FIXES: x = 1;` does not pass on
     `int x = 1;`;
  5. compiles the fixed file with -fsyntax-only when the fixes changed it, so a
     fix that breaks the code fails the test (an unchanged file is the one
     clang-tidy has just parsed with the same arguments).

The paths of the tools come from the environment lit sets up (see lit.cfg.py):
CONCLINT_STOCK_TIDY, CONCLINT_PLUGIN, CONCLINT_TIDY, CONCLINT_CLANGXX,
CONCLINT_FILECHECK, and CONCLINT_FRONTENDS / CONCLINT_STDLIBS / CONCLINT_MATRIX
for the matrix (see combinations() for which runs the default makes).

Standards: a compiler argument -std=c++NN-or-later (as upstream's
check_clang_tidy) runs the test for the standards from c++NN to c++23; by
default the lowest and c++23 only (measured: every standard would multiply
the suite's time by up to five for little more coverage), all of them with
CONCLINT_STANDARDS=all (lit -Dstandards=all), the lowest alone with
CONCLINT_STANDARDS=min (the LLVM 19 and sanitizer stages of CI). Without
it, -std=c++20.

Configuration: clang-tidy gets -config={} unless the test passes --config,
so no .clang-tidy file above the build directory changes a test's result.

Precompiled prelude: a check run costs about what parsing its standard
headers costs. So when lit gives a cache directory (CONCLINT_PCH_DIR; lit
-Dpch=off turns it off), every run of a test but the first parses the
common standard headers (PRELUDE) from a precompiled header made once per
compiler, standard, library and flags (-include-pch), and the first run
parses everything from source as a user's run does. Only a file that
includes at least one prelude header gets it. Whatever the prelude hides
from a run (a missing #include, a preprocessor callback fired while the
headers are parsed) the first run still sees, with the same expectations;
the fixed file is always compiled without it.
"""

import argparse
import os
import re
import shlex
import subprocess
import sys
import zlib

STANDARDS = ["c++11", "c++14", "c++17", "c++20", "c++23"]


def expand_standards(cargs):
    """Returns [(tag, args)] for each standard the test runs under."""
    later = [a for a in cargs if re.match(r"^-std=c\+\+\d\d-or-later$", a)]
    if not later:
        if not any(a.startswith("-std=") for a in cargs):
            cargs = ["-std=c++20"] + cargs
        return [("", cargs)]
    if len(later) > 1:
        fail("more than one -std=...-or-later")
    low = later[0][len("-std="):-len("-or-later")]
    if low not in STANDARDS:
        fail("unknown standard '%s'" % low)
    rest = [a for a in cargs if a != later[0]]
    stds = STANDARDS[STANDARDS.index(low):]
    mode = os.environ.get("CONCLINT_STANDARDS", "minmax")
    if mode not in ("minmax", "min", "all"):
        fail("CONCLINT_STANDARDS=%s: expected minmax, min or all" % mode)
    if mode == "min":
        stds = stds[:1]
    elif mode == "minmax" and len(stds) > 2:
        stds = [stds[0], stds[-1]]
    return [("." + s.replace("+", "x"), ["-std=" + s] + rest) for s in stds]


# The standard headers the check tests include most, with the standard each
# needs. The prelude holds them in this order.
PRELUDE = [(h, 11) for h in (
    "algorithm", "array", "atomic", "chrono", "condition_variable", "cstddef",
    "cstdint", "cstdio", "cstdlib", "deque", "exception", "functional",
    "future", "iterator", "map", "memory", "mutex", "numeric", "queue", "set",
    "stdexcept", "string", "thread", "utility", "vector")] + [
    ("shared_mutex", 14), ("string_view", 17)]
INCLUDE = re.compile(r"^\s*#\s*include\s*<([^>]+)>", re.M)


def pch_key_args(cargs):
    """The compiler arguments a precompiled prelude depends on: all but the
    include directories (the prelude names only standard headers)."""
    out, skip = [], False
    for a in cargs:
        if skip:
            skip = False
        elif a in ("-I", "-isystem", "-iquote", "-idirafter"):
            skip = True
        elif re.match(r"^-(I|isystem|iquote|idirafter).", a):
            pass
        else:
            out.append(a)
    return out


def prelude_pch(pargs):
    """Returns -include-pch arguments for a run with compiler arguments
    pargs (standard and library included), making the precompiled prelude
    first if no run has yet; [] when there is no cache directory or the
    prelude does not build with these arguments (the run then parses
    everything, which only costs time)."""
    cache = os.environ.get("CONCLINT_PCH_DIR")
    if not cache:
        return []
    import fcntl
    import hashlib
    clangxx = tool("CONCLINT_CLANGXX")
    key = hashlib.sha256("\0".join([clangxx] + pargs).encode()).hexdigest()[:16]
    os.makedirs(cache, exist_ok=True)
    pch = os.path.join(cache, key + ".pch")
    failed = pch + ".failed"
    with open(os.path.join(cache, key + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.exists(pch) and not os.path.exists(failed):
            # One header per precompiled prelude: a PCH records the header's
            # time stamp, so no other run may rewrite it.
            header = os.path.join(cache, key + ".h")
            with open(header, "w", encoding="utf-8") as f:
                f.write("".join("#if __cplusplus >= %d\n#include <%s>\n#endif\n"
                                % ({11: 201103, 14: 201402, 17: 201703}[n], h)
                                for h, n in PRELUDE))
            tmp = pch + ".tmp"
            rc, out = run([clangxx, "-x", "c++-header", header, "-o", tmp] + pargs,
                          "pch")
            if rc == 0:
                os.replace(tmp, pch)
            else:
                with open(failed, "w", encoding="utf-8") as f:
                    f.write(out)
    return ["-include-pch", pch] if os.path.exists(pch) else []


def combinations(variants, frontends, stdlibs, main_test, rotation):
    """Yields (std_tag, args, frontend, stdlib) for the runs of one test.

    CONCLINT_MATRIX (lit -Dmatrix=...) says which runs:
    - "full": every combination of standard, front-end and library.
    - "pairwise": each standard with each front-end once, the library picked
      by rotation ((standard + front-end) modulo the number of libraries),
      so with two standards every pair of values of any two of the three
      dimensions is run (a covering array: 4 runs instead of 8), and with
      one standard each front-end and each library.
    - "once": each value of each dimension once, in as many runs as the
      largest dimension has values (2 instead of 4 for two standards); which
      front-end and library go with which standard turns with `rotation`,
      so that across the suite's files every pair still comes up.
    - "tiered" (the default): "pairwise" for a check's main test (the file
      named after the check, e.g. missing-join.cpp), "once" for its scenario
      files (missing-join-notes.cpp, ...). Decided for CI time
      (docs/reliability.md): the scenario files test one rule each, and
      what they could miss, an interaction of one rule with one library
      under one standard, the main test and the other scenario files still
      meet.
    The front-ends hold the same check objects, so what a run misses is an
    interaction between how the checks are loaded and which headers are
    parsed; the full matrix stays one parameter away.
    """
    mode = os.environ.get("CONCLINT_MATRIX", "tiered")
    if mode not in ("full", "pairwise", "once", "tiered"):
        fail("CONCLINT_MATRIX=%s: expected full, pairwise, once or tiered" % mode)
    if mode == "tiered":
        mode = "pairwise" if main_test else "once"
    if mode == "once":
        n = max(len(variants), len(frontends), len(stdlibs))
        for k in range(n):
            std_tag, cargs = variants[k % len(variants)]
            fe = frontends[(k + rotation) % len(frontends)]
            lib = stdlibs[(k + rotation // 2) % len(stdlibs)]
            yield std_tag, cargs, fe, lib
        return
    for i, (std_tag, cargs) in enumerate(variants):
        for j, fe in enumerate(frontends):
            libs = stdlibs if mode == "full" else [stdlibs[(i + j) % len(stdlibs)]]
            for lib in libs:
                yield std_tag, cargs, fe, lib


CHECK_LINE = re.compile(r"//\s*CHECK-[A-Z0-9_-]*:[^\r\n]*")
# Lines clang-tidy prints about applying fixes or suppressing warnings: they are
# bookkeeping, not findings.
NOISE = re.compile(
    r"(note: FIX-IT applied suggested code changes"
    r"|clang-tidy applied \d+ of \d+ suggested fixes"
    r"|^\d+ warnings? (and \d+ errors? )?generated"
    r"|^Suppressed \d+ warnings"
    r"|^Use -header-filter=)"
)


def fail(msg):
    sys.stderr.write("check_conclint: " + msg + "\n")
    sys.exit(1)


def tool(env_name):
    path = os.environ.get(env_name)
    if not path:
        fail("environment variable %s is not set (run through lit)" % env_name)
    return path


def run(cmd, what):
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          universal_newlines=True)
    return proc.returncode, proc.stdout


def filecheck(check_file, input_text, prefixes, extra):
    cmd = [tool("CONCLINT_FILECHECK"), check_file,
           "--check-prefixes=" + ",".join(prefixes), "--dump-input=fail",
           # An empty output must still name the expectation that is missing.
           "--allow-empty"] + extra
    proc = subprocess.run(cmd, input=input_text, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, universal_newlines=True)
    return proc.returncode, proc.stdout


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check-suffix", default="",
                    help="use CHECK-MESSAGES<SUFFIX>/CHECK-FIXES<SUFFIX> prefixes")
    ap.add_argument("--config", default=None,
                    help="a -config= string for clang-tidy (check options)")
    ap.add_argument("--frontends", default=None,
                    help="comma list of plugin,tidy (default: $CONCLINT_FRONTENDS)")
    ap.add_argument("--stdlibs", default=None,
                    help="comma list of libstdc++,libc++ (default: $CONCLINT_STDLIBS)")
    ap.add_argument("--no-compile-fixed", action="store_true",
                    help="skip compiling the fixed file (only for inputs that "
                         "do not compile to begin with)")
    ap.add_argument("--fix-notes", action="store_true",
                    help="also apply the fixes attached to notes (clang-tidy "
                         "--fix-notes), as a user choosing them would")
    ap.add_argument("--list-runs", action="store_true",
                    help="print the runs the matrix makes, one [tag] line "
                         "each, and run none (test/harness/matrix.test)")
    ap.add_argument("--expect-no-fixes", action="store_true",
                    help="fail if the fixed file differs from the input")
    ap.add_argument("input")
    ap.add_argument("checks")
    ap.add_argument("temp")
    ap.add_argument("compiler_args", nargs=argparse.REMAINDER)
    args = ap.parse_args()

    cargs = args.compiler_args
    if cargs and cargs[0] == "--":
        cargs = cargs[1:]
    variants = expand_standards(cargs)

    with open(args.input, encoding="utf-8") as f:
        original = f.read()
    cleaned = CHECK_LINE.sub("//", original)

    sfx = ("-" + args.check_suffix.upper()) if args.check_suffix else ""
    msg_prefix = "CHECK-MESSAGES" + sfx
    notes_prefix = "CHECK-NOTES" + sfx
    fix_prefix = "CHECK-FIXES" + sfx
    has_msgs = re.search(r"\b%s:" % re.escape(msg_prefix), original) is not None
    has_notes = re.search(r"\b%s:" % re.escape(notes_prefix), original) is not None
    has_fixes = re.search(r"\b%s:" % re.escape(fix_prefix), original) is not None
    if has_msgs and has_notes:
        fail("use either %s or %s in one file, not both" % (msg_prefix, notes_prefix))

    prelude_headers = set(h for h, _ in PRELUDE)
    use_prelude = any(h in prelude_headers for h in INCLUDE.findall(original))

    frontends = (args.frontends or os.environ.get("CONCLINT_FRONTENDS", "plugin,tidy")).split(",")
    stdlibs = (args.stdlibs or os.environ.get("CONCLINT_STDLIBS", "libstdc++,libc++")).split(",")

    # A check's main test is the file named after it; the rotation of the
    # "once" matrix is fixed by the file's name, so a test always makes the
    # same runs.
    name = os.path.splitext(os.path.basename(args.input))[0]
    main_test = any(c.strip() == "conclint-" + name for c in args.checks.split(","))
    rotation = zlib.crc32(name.encode()) % 4
    for n, (std_tag, cargs, fe, lib) in enumerate(
            combinations(variants, frontends, stdlibs, main_test, rotation)):
          if fe == "plugin":
              base = [tool("CONCLINT_STOCK_TIDY"), "-load=" + tool("CONCLINT_PLUGIN")]
          elif fe == "tidy":
              base = [tool("CONCLINT_TIDY")]
          else:
              fail("unknown front-end '%s'" % fe)
          if True:
              if lib not in ("libstdc++", "libc++"):
                  fail("unknown standard library '%s'" % lib)
              tag = "%s.%s%s" % (fe, lib.replace("+", "x"), std_tag)
              if args.list_runs:
                  print("[%s] %s" % (tag, " ".join(cargs)))
                  continue
              temp = "%s.%s.cpp" % (args.temp, tag)
              os.makedirs(os.path.dirname(os.path.abspath(temp)), exist_ok=True)
              with open(temp, "w", encoding="utf-8") as f:
                  f.write(cleaned)
              libargs = ["-stdlib=" + lib]
              cmd = base + [temp, "-fix", "--checks=-*," + args.checks,
                            "-warnings-as-errors=-*"]
              if args.fix_notes:
                  cmd.append("--fix-notes")
              # No .clang-tidy above the build directory may change a test.
              cmd.append("-config=" + (args.config if args.config else "{}"))
              pargs = cargs + libargs
              pch = prelude_pch(pch_key_args(pargs)) if use_prelude and n > 0 else []
              cmd += ["--"] + pargs + pch
              print("[%s] %s" % (tag, " ".join(shlex.quote(c) for c in cmd)), flush=True)
              rc, out = run(cmd, "clang-tidy")
              kept = "\n".join(l for l in out.splitlines() if not NOISE.search(l))
              with open(temp + ".msgs", "w", encoding="utf-8") as f:
                  f.write(kept + "\n")
              if rc != 0:
                  fail("[%s] clang-tidy exited with %d:\n%s" % (tag, rc, out))

              if has_notes:
                  frc, fout = filecheck(args.input, kept, [notes_prefix],
                                        ["-implicit-check-not={{note|warning|error}}:"])
              elif has_msgs:
                  frc, fout = filecheck(args.input, kept, [msg_prefix],
                                        ["-implicit-check-not={{warning|error}}:"])
              else:
                  # No expectations: the file must draw no warning at all.
                  bad = [l for l in kept.splitlines()
                         if re.search(r"(warning|error):", l)]
                  frc, fout = (1, "unexpected diagnostics:\n" + "\n".join(bad)) if bad else (0, "")
              if frc != 0:
                  fail("[%s] diagnostics do not match %s:\n%s\n--- output ---\n%s"
                       % (tag, args.input, fout, kept))

              with open(temp, encoding="utf-8") as f:
                  fixed = f.read()
              if args.expect_no_fixes:
                  # Checked first: a test with CHECK-FIXES for --fix-notes
                  # can prove that plain -fix leaves the file alone.
                  if fixed != cleaned:
                      fail("[%s] the checks changed the file although no fix was expected" % tag)
              elif has_fixes:
                  frc, fout = filecheck(args.input, fixed, [fix_prefix],
                                        ["--match-full-lines"])
                  if frc != 0:
                      fail("[%s] fixed file does not match %s:\n%s" % (tag, fix_prefix, fout))

              # An unchanged file is the one clang-tidy just parsed with
              # the same arguments (a compile error fails that run): only a
              # file the fixes changed needs compiling again.
              if not args.no_compile_fixed and fixed != cleaned:
                  ccmd = [tool("CONCLINT_CLANGXX"), "-fsyntax-only", temp] + cargs + libargs
                  crc, cout = run(ccmd, "compile")
                  if crc != 0:
                      fail("[%s] the fixed file does not compile:\n%s\n%s"
                           % (tag, " ".join(ccmd), cout))
    return 0


if __name__ == "__main__":
    sys.exit(main())
