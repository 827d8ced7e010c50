#!/usr/bin/env python3
"""The conclint benchmark: check overhead, driver speed, memory and findings.

Run it through bench/run.sh (which prepares the corpus and builds conclint);
directly:

  python3 bench/bench.py --build build --db bench/corpus/db

What it measures, on the corpus database (bench/corpus/db):

 (a) check overhead: for every TU, clang-tidy-22 with the plugin and every
     conclint check (--checks=-*,conclint-*) against the parse + sema floor,
     which is clang-tidy-22 with only `objc-forbidden-subclassing` enabled:
     an Objective-C check whose isLanguageVersionSupported() is false for C++,
     so it registers no matcher (verified on every floor run: its stored
     check profile must be empty). The two runs of a TU are made back to
     back, in alternating order, so machine noise hits both alike. CPU time
     (user + sys of the clang-tidy process) is the primary measure; wall time
     is reported too. The checks run with --enable-check-profile (so the
     per-check shares come from the same runs); the profiling cost is thus
     counted against the checks.
 (b) the conclint driver against run-clang-tidy-22 (same checks, same
     database): cold, warm (no change, rerun) and the driver's -j2 / -j1
     speed-up. Skipped, with a message, when no driver binary is built.
 (c) peak RSS (GNU time %M) per TU, checks against the floor.
 (d) findings per project per check (header findings counted once), TUs that
     crashed, TUs that did not parse.

It appends a dated section to docs/performance.md and writes the raw data to
bench/results/<stamp>/ (per-tu.tsv, findings.tsv, driver.tsv).
"""

import argparse
import concurrent.futures as cf
import csv
import datetime
import glob
import json
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FLOOR_CHECK = "objc-forbidden-subclassing"
# One plain matcher, `doStmt()`, nothing else (no hasParent/hasAncestor, so
# no parent map): clang-tidy then runs its matcher engine over the whole AST.
# Running with it separates the traversal every clang-tidy check pays from
# what conclint's checks add on top of it.
TRAVERSAL_CHECK = "cppcoreguidelines-avoid-do-while"
CHECKS = "-*,conclint-*"
# Every run ignores the projects' own .clang-tidy files (spdlog's has a key
# clang-tidy 22 rejects, zeromq's lists checks that no longer exist): the
# same empty configuration for every tool, so they all run the same checks.
CONFIG = "{}"
WARN = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<col>\d+): warning: "
                  r"(?P<msg>.*) \[(?P<check>conclint-[A-Za-z0-9-]+)(?:,[^\]]*)?\]$")
ERR = re.compile(r"^[^:\n]+:\d+:\d+: error: .*\[clang-diagnostic-error\]$")
TIME = re.compile(r"^@@TIME (\S+) (\S+) (\S+) (\d+)$", re.M)
CRASH = re.compile(r"PLEASE submit a bug report|Stack dump:|Segmentation fault")


def die(msg):
    sys.stderr.write("bench: error: %s\n" % msg)
    sys.exit(2)


def log(msg):
    sys.stderr.write("bench: %s\n" % msg)
    sys.stderr.flush()


def which(name):
    p = shutil.which(name)
    if not p:
        die("%s not found (run bench/run.sh, which installs what is needed)" % name)
    return p


class Tools:
    def __init__(self, args):
        self.tidy = which(args.clang_tidy)
        self.rct = which(args.run_clang_tidy)
        self.time = "/usr/bin/time"
        if not os.access(self.time, os.X_OK):
            die("/usr/bin/time not found (Debian package `time`)")
        self.plugin = os.path.join(args.build, "driver", "conclint-plugin.so")
        if not os.path.exists(self.plugin):
            found = glob.glob(os.path.join(args.build, "**", "conclint-plugin.so"),
                              recursive=True)
            found = [f for f in found if "test-artifacts" not in f]
            if not found:
                die("conclint-plugin.so not found under %s (build first)" % args.build)
            self.plugin = found[0]
        self.driver = os.path.abspath(args.driver) if args.driver else None
        if self.driver and not os.access(self.driver, os.X_OK):
            die("--driver %s is not an executable" % args.driver)
        for dirpath, _, files in ([] if self.driver else os.walk(args.build)):
            if "conclint" in files and "CMakeFiles" not in dirpath:
                p = os.path.join(dirpath, "conclint")
                if os.path.isfile(p) and os.access(p, os.X_OK):
                    self.driver = p
                    break

    def version(self):
        out = subprocess.run([self.tidy, "--version"], stdout=subprocess.PIPE,
                             universal_newlines=True).stdout
        m = re.search(r"version (\S+)", out)
        return m.group(1) if m else "?"

    def conclint_checks(self):
        out = subprocess.run([self.tidy, "-load=" + self.plugin, "--checks=" + CHECKS,
                              "--list-checks"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, universal_newlines=True).stdout
        return sorted(set(re.findall(r"^\s+(conclint-[A-Za-z0-9-]+)\s*$", out, re.M)))


def load_db(db):
    with open(os.path.join(db, "compile_commands.json")) as fh:
        entries = json.load(fh)
    sel = {}
    p = os.path.join(db, "selection.tsv")
    if os.path.exists(p):
        with open(p) as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                sel[r["file"]] = (r["project"], r["name"])
    tus = []
    for e in entries:
        proj, name = sel.get(e["file"], ("?", e["file"]))
        tus.append({"file": e["file"], "project": proj, "name": name,
                    "directory": e.get("directory", "")})
    return tus


def timed(cmd, cwd=None):
    """Runs cmd under GNU time; returns (rc, output, wall, cpu, rss_kb)."""
    full = ["/usr/bin/time", "-f", "@@TIME %e %U %S %M"] + cmd
    p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       universal_newlines=True, errors="replace", cwd=cwd)
    ms = list(TIME.finditer(p.stdout))
    if not ms:
        return p.returncode, p.stdout, float("nan"), float("nan"), 0
    m = ms[-1]
    out = p.stdout[:m.start()] + p.stdout[m.end():]
    return (p.returncode, out, float(m.group(1)),
            float(m.group(2)) + float(m.group(3)), int(m.group(4)))


def tidy_cmd(tools, db, checks, header_filter, profile_dir, plugin):
    cmd = [tools.tidy]
    if plugin:
        cmd.append("-load=" + tools.plugin)
    cmd += ["-p", db, "--config=" + CONFIG, "--checks=" + checks,
            "--header-filter=" + header_filter,
            "--enable-check-profile", "--store-check-profile=" + profile_dir,
            "--quiet"]
    return cmd


def read_profile(d):
    """Sums user+sys seconds per check from clang-tidy's stored profiles."""
    per = {}
    for f in glob.glob(os.path.join(d, "*.json")):
        with open(f) as fh:
            data = json.load(fh)
        for k, v in data.get("profile", {}).items():
            m = re.match(r"time\.clang-tidy\.(.+)\.(user|sys)$", k)
            if m:
                per[m.group(1)] = per.get(m.group(1), 0.0) + float(v)
    return per


def measure_tu(i, tu, tools, args, header_filter, tmp):
    res = dict(tu)
    kinds = ["floor", "checks"] + (["traversal"] if args.traversal_floor else [])
    order = kinds[i % len(kinds):] + kinds[:i % len(kinds)]
    if (i // len(kinds)) % 2:
        order.reverse()
    for kind in order:
        best = None
        for rep in range(args.reps):
            pdir = os.path.join(tmp, "prof-%d-%s-%d" % (i, kind, rep))
            os.makedirs(pdir)
            if kind == "floor":
                cmd = tidy_cmd(tools, args.db, "-*," + FLOOR_CHECK, header_filter, pdir, False)
            elif kind == "traversal":
                cmd = tidy_cmd(tools, args.db, "-*," + TRAVERSAL_CHECK, header_filter, pdir, False)
            else:
                cmd = tidy_cmd(tools, args.db, CHECKS, header_filter, pdir, True)
            rc, out, wall, cpu, rss = timed(cmd + [tu["file"]])
            prof = read_profile(pdir)
            cur = {"rc": rc, "out": out, "wall": wall, "cpu": cpu, "rss": rss, "prof": prof}
            if best is None or cpu < best["cpu"]:
                # Keep the fastest repetition (least disturbed by others);
                # peak RSS is taken from the same run.
                best = cur
        res[kind] = best
    f, c = res["floor"], res["checks"]
    if f["prof"]:
        res["floor_registered"] = sorted(f["prof"])
    res["crash"] = bool(c["rc"] < 0 or c["rc"] > 1 or CRASH.search(c["out"]))
    res["floor_crash"] = bool(f["rc"] < 0 or f["rc"] > 1 or CRASH.search(f["out"]))
    res["parse_error"] = bool(ERR.search(c["out"]) or ERR.search(f["out"])
                              or (f["rc"] == 1 and "error" in f["out"]))
    findings = []
    for line in c["out"].splitlines():
        m = WARN.match(line)
        if m:
            d = m.groupdict()
            # clang-tidy prints paths as the compile command names them:
            # relative ones are relative to the entry's directory.
            if not os.path.isabs(d["file"]):
                d["file"] = os.path.normpath(os.path.join(tu["directory"], d["file"]))
            findings.append(d)
    res["findings"] = findings
    return res


def fmt_ratio(x):
    return "%.3f×" % x if x == x else "n/a"


def part_a(tools, args, tus, header_filter, tmp):
    results = [None] * len(tus)
    start = time.time()
    with cf.ThreadPoolExecutor(max_workers=args.jobs) as ex:
        futs = {ex.submit(measure_tu, i, tu, tools, args, header_filter, tmp): i
                for i, tu in enumerate(tus)}
        done = 0
        for fut in cf.as_completed(futs):
            i = futs[fut]
            results[i] = fut.result()
            done += 1
            r = results[i]
            log("(a) %2d/%d %-11s %-48s floor %6.2fs checks %6.2fs  x%.3f" % (
                done, len(tus), r["project"], r["name"][-48:], r["floor"]["cpu"],
                r["checks"]["cpu"], r["checks"]["cpu"] / max(r["floor"]["cpu"], 1e-9)))
    log("(a) done in %.0f s" % (time.time() - start))
    return results


# --- (b) driver vs run-clang-tidy ------------------------------------------

def driver_help(tools):
    p = subprocess.run([tools.driver, "--help"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    return p.stdout


def driver_cmd(tools, args, jobs, cache_dir, out_file, help_text, header_filter):
    cmd = [tools.driver, "-p", args.db_b, "--checks=" + CHECKS, "-j", str(jobs)]
    if "--config" in help_text:
        cmd += ["--config=" + CONFIG]
    if "--format" in help_text or "-format" in help_text:
        cmd += ["--format=json"]
    if re.search(r"-o[ =<]", help_text) or "--output" in help_text:
        cmd += ["-o", out_file]
    if "header-filter" in help_text:
        cmd += ["--header-filter=" + header_filter]
    m = re.search(r"(--?cache-dir)\b", help_text)
    if m:
        cmd += ["%s=%s" % (m.group(1), cache_dir)]
    if "--progress" in help_text:
        cmd += ["--progress=never"]
    if re.search(r"--?stats\b", help_text):
        # The driver's own count of analysed and cached TUs proves a warm run
        # is warm (and a cold one cold).
        cmd += ["--stats"]
    return cmd


def part_b(tools, args, header_filter, tmp):
    if not tools.driver:
        msg = ("skipped: no conclint driver binary under %s "
               "(`find %s -name conclint -type f -perm -u+x` found nothing; "
               "it lands with issue 5)" % (os.path.relpath(args.build, ROOT),
                                           os.path.relpath(args.build, ROOT)))
        log("(b) " + msg)
        return {"skipped": msg}
    help_text = driver_help(tools)
    env_cache = None
    if not re.search(r"--?cache-dir\b", help_text):
        # No cache-dir option: fall back to an environment variable if the
        # help names one, else the driver's default cache is used as is.
        m = re.search(r"\b(CONCLINT_CACHE(?:_DIR)?)\b", help_text)
        env_cache = m.group(1) if m else None
    rows = []
    lc = subprocess.run([tools.driver, "-p", args.db_b, "--checks=" + CHECKS, "--list-checks"],
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                        universal_newlines=True).stdout
    driver_checks = sorted(set(re.findall(r"\b(conclint-[A-Za-z0-9-]+)\b", lc)))
    other_checks = sorted(set(re.findall(r"^\s+((?!conclint-)[a-z]+-[A-Za-z0-9.-]+)\s*$", lc, re.M)))

    def run(label, cmd, env_dir=None):
        env = dict(os.environ)
        if env_cache and env_dir:
            env[env_cache] = env_dir
        t0 = time.time()
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, errors="replace", env=env)
        wall = time.time() - t0
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        # CPU time of the run and every process it started (waited for).
        cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
        stats = []
        if cmd[0] == tools.driver:
            stats = [l.strip() for l in p.stdout.splitlines()
                     if l.startswith("conclint:") and re.search(r"analy[sz]ed|cached", l)][-1:]
            if p.returncode >= 2:
                errs = [l.strip() for l in p.stdout.splitlines() if "error" in l]
                stats = ["FAILED: " + (errs[0] if errs else p.stdout.strip()[:200])]
        if not stats:
            uniq = {m.group(0) for m in (WARN.match(l) for l in p.stdout.splitlines()) if m}
            stats = ["%d distinct conclint warnings printed" % len(uniq)]
        rows.append({"label": label, "wall": wall, "cpu": cpu, "rc": p.returncode,
                     "cmd": " ".join(shlex.quote(c) for c in cmd),
                     "stats": "; ".join(stats), "tail": p.stdout[-400:]})
        log("(b) %-28s %7.1f s, CPU %7.1f s (exit %d)" % (label, wall, cpu, p.returncode))
        return wall, p.stdout

    rct = [tools.rct, "-clang-tidy-binary", tools.tidy, "-load", tools.plugin,
           "-p", args.db_b, "-config=" + CONFIG, "-checks=" + CHECKS,
           "-header-filter=" + header_filter,
           "-quiet"]
    c1 = os.path.join(tmp, "cache1")
    c2 = os.path.join(tmp, "cache2")
    os.makedirs(c1)
    os.makedirs(c2)
    jobs = args.driver_jobs
    # Interleaved: each driver run is next to the run-clang-tidy run it is
    # compared with.
    # The machine is shared and noisy: the cold comparison is repeated as
    # interleaved pairs (each conclint run with an empty cache), and the
    # median pair ratio is reported along with every pair's.
    pairs = []
    for k in range(args.driver_reps):
        tag = " #%d" % (k + 1) if args.driver_reps > 1 else ""
        ck = c1 if k == 0 else os.path.join(tmp, "cache1-%d" % k)
        os.makedirs(ck, exist_ok=True)
        r, _ = run("run-clang-tidy -j%d%s" % (jobs, tag), rct + ["-j", str(jobs)])
        d, _ = run("conclint -j%d cold%s" % (jobs, tag),
                   driver_cmd(tools, args, jobs, ck, os.path.join(tmp, "d1-%d.json" % k),
                              help_text, header_filter), ck)
        pairs.append((r, d, rows[-1]["cpu"]))
    by_ratio = sorted(pairs, key=lambda p: p[0] / p[1])
    r_cold, d_cold, d_cold_cpu = by_ratio[len(by_ratio) // 2]
    if args.rct_rerun:
        r_again, _ = run("run-clang-tidy -j%d again" % jobs, rct + ["-j", str(jobs)])
    else:
        # run-clang-tidy keeps nothing between runs: its no-change rerun is
        # a full run again, so its cold time stands for it (saves a pass).
        r_again = r_cold
    d_warm, _ = run("conclint -j%d warm" % jobs,
                    driver_cmd(tools, args, jobs, c1, os.path.join(tmp, "d2.json"),
                               help_text, header_filter), c1)
    d_j1, _ = run("conclint -j1 cold",
                  driver_cmd(tools, args, 1, c2, os.path.join(tmp, "d3.json"),
                             help_text, header_filter), c2)
    # The reference tool's own speed-up on the same machine: what the
    # hardware allows for this work, whatever the driver does.
    r_j1, _ = run("run-clang-tidy -j1", rct + ["-j", "1"])
    failed = [r for r in rows if r["rc"] >= 2]
    compat = driver_project_config_probe(tools, args, tmp)
    if failed:
        return {"rows": rows, "failed": failed, "compat": compat, "driver": tools.driver,
                "driver_checks": driver_checks, "other_checks": other_checks,
                "cache_flag": True, "cache_env": None}
    return {"rows": rows, "compat": compat, "cold_ratio": r_cold / d_cold,
            "cold_pairs": [p[0] / p[1] for p in pairs],
            "warm_ratio": r_again / d_warm, "speedup": d_j1 / d_cold,
            "rct_speedup": r_j1 / r_cold,
            "cpu_j1": rows_cpu(rows, "conclint -j1 cold"),
            "cpu_jn": d_cold_cpu,
            "wall_jn": d_cold,
            "jobs": jobs, "cache_env": env_cache, "driver": tools.driver,
            "rct_rerun": args.rct_rerun,
            "driver_checks": driver_checks, "other_checks": other_checks,
            "cache_flag": bool(re.search(r"--?cache-dir\b", help_text))}


def rows_cpu(rows, label):
    return next(r["cpu"] for r in rows if r["label"] == label)


def driver_project_config_probe(tools, args, tmp):
    """The driver as a user runs it: with the projects' own .clang-tidy files
    (no --config), on one TU of each project that ships one. Cheap: two TUs."""
    probe = []
    with open(os.path.join(args.db, "compile_commands.json")) as fh:
        entries = json.load(fh)
    for proj in ("zeromq", "spdlog"):
        f = next((e["file"] for e in entries if "/src/%s/" % proj in e["file"]), None)
        if not f:
            continue
        cmd = [tools.driver, "-p", args.db, "--checks=" + CHECKS, "-j", "1",
               "--cache-dir=" + os.path.join(tmp, "probe-" + proj), "--progress=never", f]
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, errors="replace")
        errs = [l.strip() for l in p.stdout.splitlines() if "error" in l]
        warns = [l for l in p.stdout.splitlines() if l.startswith("conclint: warning:")]
        probe.append({"project": proj, "rc": p.returncode,
                      "first_error": errs[0] if errs else "",
                      "config_warnings": len(warns),
                      "cmd": " ".join(shlex.quote(c) for c in cmd)})
    return probe


# --- report ----------------------------------------------------------------

def summarize(results, checks):
    tot_f = sum(r["floor"]["cpu"] for r in results)
    tot_c = sum(r["checks"]["cpu"] for r in results)
    wall_f = sum(r["floor"]["wall"] for r in results)
    wall_c = sum(r["checks"]["wall"] for r in results)
    tot_t = sum(r["traversal"]["cpu"] for r in results if "traversal" in r) or float("nan")
    ratios = [(r["checks"]["cpu"] / max(r["floor"]["cpu"], 1e-9), r) for r in results]
    worst = max(ratios, key=lambda x: x[0])
    rss = [(r["checks"]["rss"] / max(r["floor"]["rss"], 1), r) for r in results]
    worst_rss = max(rss, key=lambda x: x[0])
    share = {c: 0.0 for c in checks}
    for r in results:
        for k, v in r["checks"]["prof"].items():
            share[k] = share.get(k, 0.0) + v
    # Findings: header findings once, whatever the number of TUs including it.
    uniq = {}
    for r in results:
        for f in r["findings"]:
            key = (os.path.realpath(f["file"]), f["line"], f["col"], f["check"], f["msg"])
            uniq.setdefault(key, (r["project"], r["name"]))
    return {"tot_f": tot_f, "tot_c": tot_c, "tot_t": tot_t, "wall_f": wall_f, "wall_c": wall_c,
            "worst": worst, "rss": rss, "worst_rss": worst_rss, "share": share,
            "uniq": uniq}


def write_results(stamp, results, s, b, outdir):
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "per-tu.tsv"), "w") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["project", "tu", "floor_cpu_s", "checks_cpu_s", "traversal_cpu_s", "cpu_ratio",
                    "floor_wall_s", "checks_wall_s", "floor_rss_kb", "checks_rss_kb",
                    "rss_ratio", "traversal_rss_kb", "findings", "crash", "parse_error"])
        for r in results:
            f, c = r["floor"], r["checks"]
            w.writerow([r["project"], r["name"], "%.2f" % f["cpu"], "%.2f" % c["cpu"],
                        "%.2f" % r["traversal"]["cpu"] if "traversal" in r else "",
                        "%.3f" % (c["cpu"] / max(f["cpu"], 1e-9)),
                        "%.2f" % f["wall"], "%.2f" % c["wall"], f["rss"], c["rss"],
                        "%.3f" % (c["rss"] / max(f["rss"], 1)),
                        r["traversal"]["rss"] if "traversal" in r else "", len(r["findings"]),
                        int(r["crash"]), int(r["parse_error"])])
    with open(os.path.join(outdir, "findings.tsv"), "w") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["project", "first_tu", "file", "line", "col", "check", "message"])
        for (file, line, col, check, msg), (proj, tu) in sorted(s["uniq"].items()):
            w.writerow([proj, tu, file, line, col, check, msg])
    if b and "rows" in b:
        with open(os.path.join(outdir, "driver.tsv"), "w") as fh:
            w = csv.writer(fh, delimiter="\t", lineterminator="\n")
            w.writerow(["run", "wall_s", "exit", "stats", "command"])
            for r in b["rows"]:
                w.writerow([r["label"], "%.2f" % r["wall"], r["rc"], r["stats"], r["cmd"]])


def short(path, corpus):
    p = os.path.realpath(path)
    for base in (os.path.join(corpus, "src") + os.sep, os.path.join(corpus, "build") + os.sep):
        if p.startswith(base):
            return p[len(base):]
    return p


def markdown(stamp, args, tools, checks, tus, results, s, b, load0, load1, elapsed, outdir):
    L = []
    head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"],
                          stdout=subprocess.PIPE, universal_newlines=True).stdout.strip()
    projects = sorted({t["project"] for t in tus})
    L.append("## Run %s (commit %s)" % (stamp, head or "?"))
    L.append("")
    L.append("Command: `%s`" % args.command)
    L.append("")
    L.append("- machine: %d cores (shared with other jobs), load average %s at the "
             "start, %s at the end; the whole run took %.0f s" % (
                 os.cpu_count(), load0, load1, elapsed))
    L.append("- clang-tidy-22 %s, plugin `%s`" % (tools.version(),
                                                   os.path.relpath(tools.plugin, ROOT)))
    L.append("- checks measured (%d): %s" % (len(checks), ", ".join("`%s`" % c for c in checks)))
    L.append("- corpus: %d TUs from %s (versions: bench/corpus.lock; selection: "
             "bench/select_tus.py); %d TU(s) measured in parallel, %d repetition(s) "
             "per TU and side, fastest kept" % (
                 len(tus), ", ".join(projects), args.jobs, args.reps))
    L.append("- floor: `clang-tidy-22 --checks=-*,%s` (registers no matcher for C++: %s)" % (
        FLOOR_CHECK,
        "verified, its stored check profile was empty on every TU"
        if not any(r.get("floor_registered") for r in results)
        else "NOT verified: profile held %s" % sorted({x for r in results for x in r.get("floor_registered", [])})))
    if args.traversal_floor:
        L.append("- traversal floor: `clang-tidy-22 --checks=-*,%s` (one matcher, `doStmt()`): "
                 "what running clang-tidy's matcher engine over the AST costs before any "
                 "check does work; every clang-tidy check pays it once, shared" % TRAVERSAL_CHECK)
    L.append("- raw data: `%s/`" % os.path.relpath(outdir, ROOT))
    L.append("")
    L.append("### (a) Check overhead and (c) memory, all conclint checks vs the floor")
    L.append("")
    wr, wtu = s["worst"]
    rr = [x for x, _ in s["rss"]]
    wrss, wrtu = s["worst_rss"]
    L.append("| measure | value | target |")
    L.append("| --- | --- | --- |")
    L.append("| whole corpus, CPU time (user+sys) | %s (%.1f s vs %.1f s) | ≤ 1.10× |" % (
        fmt_ratio(s["tot_c"] / s["tot_f"]), s["tot_c"], s["tot_f"]))
    if s["tot_t"] == s["tot_t"]:
        L.append("| traversal floor (`%s`) vs the floor, CPU | %s (%.1f s) | |" % (
            TRAVERSAL_CHECK, fmt_ratio(s["tot_t"] / s["tot_f"]), s["tot_t"]))
        L.append("| all conclint checks vs the traversal floor, CPU | %s | |" % (
            fmt_ratio(s["tot_c"] / s["tot_t"])))
    L.append("| whole corpus, wall time | %s (%.1f s vs %.1f s) | |" % (
        fmt_ratio(s["wall_c"] / s["wall_f"]), s["wall_c"], s["wall_f"]))
    L.append("| worst TU, CPU time | %s (%s `%s`) | |" % (fmt_ratio(wr), wtu["project"], wtu["name"]))
    L.append("| median TU, CPU time | %s | |" % fmt_ratio(statistics.median(
        [x for x, _ in [(r["checks"]["cpu"] / max(r["floor"]["cpu"], 1e-9), r) for r in results]])))
    L.append("| peak RSS, median TU | %s | ≤ 1.20× |" % fmt_ratio(statistics.median(rr)))
    L.append("| peak RSS, worst TU | %s (%s `%s`, %d vs %d KB) | ≤ 1.20× |" % (
        fmt_ratio(wrss), wrtu["project"], wrtu["name"], wrtu["checks"]["rss"], wrtu["floor"]["rss"]))
    trs = [(r["traversal"]["rss"] / max(r["floor"]["rss"], 1), r) for r in results if "traversal" in r]
    if trs:
        x, r = max(trs, key=lambda t: t[0])
        L.append("| peak RSS, traversal floor vs floor, worst TU | %s (%s `%s`) | |" % (
            fmt_ratio(x), r["project"], r["name"]))
    L.append("")
    L.append("Each check's share (`--enable-check-profile`, user+sys summed over all TUs):")
    L.append("")
    L.append("| check | time (s) | % of the floor's CPU time |")
    L.append("| --- | --- | --- |")
    for c in sorted(s["share"], key=lambda k: -s["share"][k]):
        L.append("| `%s` | %.3f | %.2f%% |" % (c, s["share"][c], 100 * s["share"][c] / s["tot_f"]))
    L.append("")
    L.append("Per project:")
    L.append("")
    L.append("| project | TUs | floor CPU (s) | checks CPU (s) | ratio | worst TU ratio | "
             "peak RSS ratio (max) | crashes | TUs not parsed |")
    L.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for p in projects:
        rs = [r for r in results if r["project"] == p]
        f = sum(r["floor"]["cpu"] for r in rs)
        c = sum(r["checks"]["cpu"] for r in rs)
        L.append("| %s | %d | %.1f | %.1f | %s | %s | %s | %d | %d |" % (
            p, len(rs), f, c, fmt_ratio(c / f),
            fmt_ratio(max(r["checks"]["cpu"] / max(r["floor"]["cpu"], 1e-9) for r in rs)),
            fmt_ratio(max(r["checks"]["rss"] / max(r["floor"]["rss"], 1) for r in rs)),
            sum(r["crash"] for r in rs), sum(r["parse_error"] for r in rs)))
    L.append("")
    L.append("### (b) conclint driver vs run-clang-tidy-22 (`--checks=%s`, same database)" % CHECKS)
    L.append("")
    if "skipped" in b:
        L.append(b["skipped"] + ".")
    elif "failed" in b:
        L.append("The driver failed (exit ≥ 2), so no ratio is reported:")
        L.append("")
        for r in b["failed"]:
            L.append("- %s: exit %d, %s" % (r["label"], r["rc"], r["stats"]))
    if "rows" in b and "failed" not in b:
        L.append("Driver `%s`; checks it enabled: %s%s." % (
            os.path.relpath(b["driver"], ROOT),
            ", ".join("`%s`" % c for c in b["driver_checks"]) or "none listed",
            ("; also: " + ", ".join(b["other_checks"])) if b["other_checks"] else ""))
        L.append("")
        L.append("| measure | value | target |")
        L.append("| --- | --- | --- |")
        pairs = b.get("cold_pairs", [])
        L.append("| cold: run-clang-tidy time / conclint time, -j%d%s | %s | ≥ 1.0× |" % (
            b["jobs"],
            (", median of %d interleaved pairs (%s)" % (len(pairs), ", ".join(fmt_ratio(x) for x in pairs)))
            if len(pairs) > 1 else "", fmt_ratio(b["cold_ratio"])))
        L.append("| warm, no change: run-clang-tidy rerun / conclint rerun, -j%d | %s | ≥ 10× |" % (b["jobs"], fmt_ratio(b["warm_ratio"])))
        L.append("| conclint speed-up, cold -j1 / cold -j%d | %s | ≥ 1.8× |" % (b["jobs"], fmt_ratio(b["speedup"])))
        if "rct_speedup" in b:
            J = b["jobs"]
            busy = b["cpu_jn"] / (J * b["wall_jn"])
            slow = b["cpu_jn"] / b["cpu_j1"]
            L.append("| run-clang-tidy-22 speed-up on the same machine, -j1 / -j%d | %s | |" % (J, fmt_ratio(b["rct_speedup"])))
            L.append("| conclint -j%d: CPU time / (%d × wall), how busy the cores were | %.0f%% | |" % (J, J, 100 * busy))
            L.append("| conclint CPU time, cold -j%d / cold -j1: how much slower each analysis runs when %d run at once | %s | |" % (J, J, fmt_ratio(slow)))
            L.append("| speed-up this machine allows: %d / that slowdown | %s | |" % (J, fmt_ratio(J / slow)))
        if not b["rct_rerun"]:
            L.append("")
            L.append("run-clang-tidy caches nothing, so its no-change rerun is taken to cost its "
                     "cold run (measure it again with `--rct-rerun`).")
    if "rows" in b:
        L.append("")
        L.append("| run | wall (s) | exit | driver statistics | command |")
        L.append("| --- | --- | --- | --- | --- |")
        for r in b["rows"]:
            L.append("| %s | %.1f | %d | %s | `%s` |" % (
                r["label"], r["wall"], r["rc"], r["stats"].replace("|", "/") or "-",
                r["cmd"].replace(ROOT + "/", "<repo>/").replace("|", "\\|")))
    if b.get("compat"):
        L.append("")
        L.append("The driver as users run it, reading the projects' own `.clang-tidy` "
                 "(no `--config`; clang-tidy-22 itself accepts both files, with a "
                 "parse error message for spdlog's):")
        L.append("")
        for c in b["compat"]:
            L.append("- %s: exit %d%s%s" % (c["project"], c["rc"],
                     (", `" + c["first_error"].replace(ROOT + "/", "") + "`") if c["first_error"] else "",
                     (", %d `conclint: warning:` lines for `.clang-tidy` entries that match "
                      "no check (ignored, as clang-tidy ignores them)" % c["config_warnings"])
                     if c.get("config_warnings") else ""))
    if "rows" in b and "failed" not in b:
        if not b["cache_flag"]:
            L.append("")
            L.append("The driver has no `--cache-dir` option; cache: %s." % (
                "through $%s" % b["cache_env"] if b["cache_env"] else "its default location (cold runs may not be cold)"))
    L.append("")
    L.append("### (d) Findings per project and check (a header finding counts once)")
    L.append("")
    counts = {}
    for key, (proj, _) in s["uniq"].items():
        counts[(proj, key[3])] = counts.get((proj, key[3]), 0) + 1
    L.append("| project | " + " | ".join("`%s`" % c for c in checks) + " | crashes |")
    L.append("| --- | " + " | ".join("---" for _ in checks) + " | --- |")
    for p in projects:
        L.append("| %s | %s | %d |" % (p, " | ".join(str(counts.get((p, c), 0)) for c in checks),
                                       sum(r["crash"] for r in results if r["project"] == p)))
    L.append("")
    L.append("Crashes in total: %d (the floor: %d). TUs that did not parse: %d." % (
        sum(r["crash"] for r in results), sum(r["floor_crash"] for r in results),
        sum(r["parse_error"] for r in results)))
    if s["uniq"]:
        L.append("")
        L.append("The findings (triaged in docs/real-world.md):")
        L.append("")
        for (file, line, col, check, msg), (proj, tu) in sorted(s["uniq"].items()):
            L.append("- %s: `%s:%s:%s` %s [%s]" % (proj, short(file, args.corpus), line, col, msg, check))
    L.append("")
    return "\n".join(L) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--db", default=None, help="default: <corpus>/db")
    ap.add_argument("--jobs", type=int, default=2, help="TUs measured at once in (a)")
    ap.add_argument("--driver-jobs", type=int, default=2)
    ap.add_argument("--driver-reps", type=int, default=3,
                    help="interleaved run-clang-tidy/conclint cold pairs in (b); the median counts")
    ap.add_argument("--reps", type=int, default=1)
    ap.add_argument("--limit", type=int, default=0, help="only the first N TUs (testing)")
    ap.add_argument("--skip-driver", action="store_true")
    ap.add_argument("--rct-rerun", action="store_true",
                    help="time run-clang-tidy's no-change rerun too (else its cold time is used)")
    ap.add_argument("--driver", default=None,
                    help="the conclint driver binary (default: found under --build)")
    ap.add_argument("--no-traversal-floor", dest="traversal_floor", action="store_false",
                    help="do not measure the matcher-traversal floor")
    ap.add_argument("--clang-tidy", default="clang-tidy-22")
    ap.add_argument("--run-clang-tidy", default="run-clang-tidy-22")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "performance.md"))
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--command", default="python3 bench/bench.py " + " ".join(sys.argv[1:]))
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    args.corpus = os.path.abspath(args.corpus)
    args.db = os.path.abspath(args.db or os.path.join(args.corpus, "db"))
    if not os.path.exists(os.path.join(args.db, "compile_commands.json")):
        die("no %s/compile_commands.json: run bench/corpus.sh first" % args.db)
    if args.reps < 1 or args.jobs < 1 or args.driver_jobs < 1 or args.driver_reps < 1:
        die("--reps, --jobs, --driver-jobs and --driver-reps must be at least 1")
    tools = Tools(args)
    checks = tools.conclint_checks()
    if not checks:
        die("the plugin %s provides no conclint-* check" % tools.plugin)
    tus = load_db(args.db)
    args.db_b = args.db
    if args.limit:
        tus = tus[:args.limit]
    header_filter = "^(%s/src/|/usr/include/asio/)" % re.escape(args.corpus)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    outdir = os.path.join(args.results, stamp.replace(" ", "T").replace(":", "").replace("TUTC", "Z"))
    load0 = "%.2f" % os.getloadavg()[0]
    t0 = time.time()
    log("%d TUs, checks: %s" % (len(tus), ", ".join(checks)))
    with tempfile.TemporaryDirectory(prefix="conclint-bench-") as tmp:
        if args.limit:
            # (b) runs on the same TUs as (a): a database of the first N.
            args.db_b = os.path.join(tmp, "db")
            os.makedirs(args.db_b)
            with open(os.path.join(args.db, "compile_commands.json")) as fh:
                entries = json.load(fh)[:args.limit]
            with open(os.path.join(args.db_b, "compile_commands.json"), "w") as fh:
                json.dump(entries, fh)
        results = part_a(tools, args, tus, header_filter, tmp)
        b = {"skipped": "skipped (--skip-driver)"} if args.skip_driver else \
            part_b(tools, args, header_filter, tmp)
    elapsed = time.time() - t0
    load1 = "%.2f" % os.getloadavg()[0]
    s = summarize(results, checks)
    write_results(stamp, results, s, b, outdir)
    md = markdown(stamp, args, tools, checks, tus, results, s, b, load0, load1, elapsed, outdir)
    if not os.path.exists(args.out):
        with open(args.out, "w") as fh:
            fh.write("# Performance\n\nEvery section below was appended by a real run of "
                     "the benchmark (see docs/real-world.md for the corpus).\n\n")
    with open(args.out, "a") as fh:
        fh.write(md)
    sys.stdout.write(md)
    crashes = sum(r["crash"] for r in results)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
