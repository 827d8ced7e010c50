"""A lit test format that turns every demo file into its own tests.

For each demo/good/<name>.cpp:
  demo/good/tsan/<name>.cpp    built with -fsanitize=thread and run: exit 0
                               and no ThreadSanitizer report (timing bounds
                               off: the program's exact-value checks apply)
  demo/good/silent/<name>.cpp  conclint (plugin and conclint-tidy) is silent
For each demo/bad/<name>.cpp:
  demo/bad/flagged/<name>.cpp  conclint's output FileChecked against the
                               file's own CHECK-MESSAGES lines; unexpected
                               warnings fail
  demo/bad/race/<name>.cpp     only when marked `// DEMO: tsan-race`: built
                               with -fsanitize=thread and run; TSan must
                               report the race (FileChecked against the
                               file's `// TSAN:` lines, or else "WARNING:
                               ThreadSanitizer: data race")
And demo/{good,bad}/layout/<name>.cpp for every file: the header comment, the
markers, the good twin of a bad file.

Demo files are found by glob, so a new pair gets its tests without an edit
here. A failure names the file and says which step failed.
"""

import os
import re
import subprocess
import sys
import tempfile

import lit.formats
import lit.Test

TSAN_REPORT = "WARNING: ThreadSanitizer"
TSAN_TIMEOUT = 120  # seconds per program; they take a few at most
KINDS = ("layout", "tsan", "silent", "flagged", "race")


class DemoFormat(lit.formats.TestFormat):
    """demo_root holds good/, bad/ and compile-flags.txt; scripts_dir holds
    demolib.py; work_root receives the build products. *.test files next to
    this format's lit.local.cfg run as ordinary shell tests."""

    def __init__(self, demo_root, scripts_dir, work_root, python, runner, clangxx, filecheck):
        self.demo_root = demo_root
        self.work_root = work_root
        self.python = python
        self.runner = runner
        self.clangxx = clangxx
        self.filecheck = filecheck
        self.scripts_dir = scripts_dir
        self.shtest = lit.formats.ShTest(execute_external=True)

    @property
    def demolib(self):
        # Imported on use: lit pickles the format into its worker processes.
        if self.scripts_dir not in sys.path:
            sys.path.insert(0, self.scripts_dir)
        import demolib
        return demolib

    # -- discovery -----------------------------------------------------------
    def getTestsInDirectory(self, testSuite, path_in_suite, litConfig, localConfig):
        if path_in_suite != ("demo",):
            return
        for t in self.shtest.getTestsInDirectory(testSuite, path_in_suite, litConfig,
                                                 localConfig):
            if t.path_in_suite[-1].endswith(".test"):
                yield t
        for kind in ("good", "bad"):
            for demo in self.demolib.demo_files(self.demo_root, kind):
                for test_kind in self.kinds_for(demo):
                    test = lit.Test.Test(testSuite,
                                         path_in_suite + (kind, test_kind, demo.name + ".cpp"),
                                         localConfig, file_path=demo.path)
                    test.demo_kind = kind
                    yield test

    def getTestsForPath(self, testSuite, path_in_suite, litConfig, localConfig):
        if path_in_suite[-1].endswith(".test"):
            yield from self.shtest.getTestsForPath(testSuite, path_in_suite, litConfig,
                                                   localConfig)
            return
        # `lit build/test/demo/good/tsan/x.cpp` names a generated test: find it.
        if len(path_in_suite) >= 3 and path_in_suite[-2] in KINDS:
            for test in self.getTestsInDirectory(testSuite, ("demo",), litConfig, localConfig):
                if test.path_in_suite[-3:] == path_in_suite[-3:]:
                    yield test

    @staticmethod
    def kinds_for(demo):
        kinds = ["layout"]
        if demo.kind == "good":
            if demo.generic_build:
                kinds.append("tsan")
            kinds.append("silent")
        else:
            kinds.append("flagged")
            if demo.tsan_race:
                kinds.append("race")
        return kinds

    # -- execution -----------------------------------------------------------
    def execute(self, test, litConfig):
        if not hasattr(test, "demo_kind"):
            return self.shtest.execute(test, litConfig)
        demo = self.demolib.DemoFile(test.file_path, test.demo_kind)
        # The environment lit set up (tool paths for check_conclint.py).
        demo.env = dict(test.config.environment)
        kind = test.path_in_suite[-2]
        workdir = os.path.join(self.work_root, test.demo_kind, kind)
        os.makedirs(workdir, exist_ok=True)
        try:
            return getattr(self, "run_" + kind)(demo, workdir, test)
        except subprocess.TimeoutExpired as e:
            return lit.Test.FAIL, "%s: timed out after %s s: %s" % (demo.path, e.timeout,
                                                                    " ".join(e.cmd))

    def flags(self, demo):
        return self.demolib.compile_flags(self.demo_root) + demo.extra_flags()

    def compile_tsan(self, demo, workdir):
        exe = os.path.join(workdir, demo.name)
        cmd = [self.clangxx] + self.flags(demo) + ["-fsanitize=thread", "-g",
                                                    "-o", exe, demo.path]
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, env=demo.env)
        return exe, cmd, proc

    def run_tsan_program(self, demo, exe):
        env = dict(demo.env)
        env["CONCLINT_DEMO_NO_TIMING"] = "1"
        # Keep TSan's own exit code (66) distinct from the program's failures.
        env["TSAN_OPTIONS"] = "exitcode=66 halt_on_error=0 " + env.get("TSAN_OPTIONS", "")
        return subprocess.run([exe], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              universal_newlines=True, env=env, timeout=TSAN_TIMEOUT)

    def run_layout(self, demo, workdir, test):
        problems = []
        first = demo.text.splitlines()[0] if demo.text else ""
        if not first.startswith("//"):
            problems.append("the file must open with a comment paragraph on its lesson")
        for m in demo.unknown_markers():
            problems.append("unknown marker '// DEMO: %s' (known: %s)"
                            % (m, ", ".join(sorted(self.demolib.KNOWN_MARKERS))))
        if demo.kind == "bad":
            twin = os.path.join(self.demo_root, "good", demo.name + ".cpp")
            if not os.path.exists(twin):
                problems.append("a bad file needs its good twin demo/good/%s.cpp" % demo.name)
            if not demo.expects_findings():
                problems.append("a bad file must carry the CHECK-MESSAGES lines that say "
                                "what conclint reports on it")
        elif demo.tsan_race:
            problems.append("'// DEMO: tsan-race' belongs on a bad file")
        if problems:
            return lit.Test.FAIL, "%s:\n  %s\n" % (demo.path, "\n  ".join(problems))
        return lit.Test.PASS, ""

    def run_tsan(self, demo, workdir, test):
        exe, cmd, proc = self.compile_tsan(demo, workdir)
        if proc.returncode != 0:
            return lit.Test.FAIL, "%s: does not compile with ThreadSanitizer:\n$ %s\n%s" % (
                demo.path, " ".join(cmd), proc.stdout)
        run = self.run_tsan_program(demo, exe)
        if run.returncode != 0 or TSAN_REPORT in run.stdout:
            what = ("ThreadSanitizer reported a problem" if TSAN_REPORT in run.stdout
                    else "the program failed (exit %d)" % run.returncode)
            return lit.Test.FAIL, "%s: %s under ThreadSanitizer:\n$ %s\n%s" % (
                demo.path, what, exe, run.stdout)
        return lit.Test.PASS, run.stdout

    def conclint(self, demo, workdir, extra_runner_args):
        temp = os.path.join(workdir, demo.name)
        # Both front-ends (plugin and conclint-tidy), against the standard
        # library the demo programs are built with.
        cmd = [self.python, self.runner, "--stdlibs=libstdc++"] + extra_runner_args + [
            demo.path, "conclint-*", temp, "--"] + self.flags(demo)
        return cmd, subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   universal_newlines=True, env=demo.env)

    def run_silent(self, demo, workdir, test):
        if demo.expects_findings():
            return lit.Test.FAIL, "%s: a good file must not carry CHECK-MESSAGES lines" % demo.path
        # Silent means no diagnostic and no fix; with no fix there is nothing
        # new to compile.
        cmd, proc = self.conclint(demo, workdir, ["--expect-no-fixes", "--no-compile-fixed"])
        if proc.returncode != 0:
            return lit.Test.FAIL, "%s: conclint is not silent on a good demo program:\n$ %s\n%s" % (
                demo.path, " ".join(cmd), proc.stdout)
        return lit.Test.PASS, proc.stdout

    def run_flagged(self, demo, workdir, test):
        if not demo.expects_findings():
            return lit.Test.FAIL, "%s: no CHECK-MESSAGES lines say what conclint finds" % demo.path
        # The fixed file is not compiled here: the check tests compile every
        # fix already, and a demo mistake need not have one.
        cmd, proc = self.conclint(demo, workdir, ["--no-compile-fixed"])
        if proc.returncode != 0:
            return lit.Test.FAIL, "%s: conclint's findings differ from its CHECK-MESSAGES:\n$ %s\n%s" % (
                demo.path, " ".join(cmd), proc.stdout)
        return lit.Test.PASS, proc.stdout

    def run_race(self, demo, workdir, test):
        exe, cmd, proc = self.compile_tsan(demo, workdir)
        if proc.returncode != 0:
            return lit.Test.FAIL, "%s: does not compile with ThreadSanitizer:\n$ %s\n%s" % (
                demo.path, " ".join(cmd), proc.stdout)
        run = self.run_tsan_program(demo, exe)
        has_own = re.search(r"//\s*TSAN:", demo.text) is not None
        with tempfile.NamedTemporaryFile("w", suffix=".txt", dir=workdir, delete=False) as f:
            if not has_own:
                f.write("CHECK: WARNING: ThreadSanitizer: data race\n")
            check_file = f.name
        fc = [self.filecheck, demo.path if has_own else check_file,
              "--check-prefix=" + ("TSAN" if has_own else "CHECK"), "--dump-input=never"]
        checked = subprocess.run(fc, input=run.stdout, stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT, universal_newlines=True,
                                 env=demo.env)
        os.unlink(check_file)
        if checked.returncode != 0:
            return lit.Test.FAIL, ("%s: marked tsan-race, but ThreadSanitizer did not report the "
                                   "race:\n%s\n--- program output (exit %d) ---\n%s") % (
                demo.path, checked.stdout, run.returncode, run.stdout)
        return lit.Test.PASS, run.stdout
