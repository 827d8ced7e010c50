#!/usr/bin/env python3
"""Pick the benchmark's translation units from each project's database.

Deterministic: per project, the TUs of its compile_commands.json (deduplicated
by file, only C++ sources, optionally limited by a path pattern) are sorted by
their path relative to the project's source root; the benchmark keeps every
STRIDE-th of them (index 0, STRIDE, 2*STRIDE, ...; none when STRIDE is 0)
plus a fixed list of TUs
that are about threads, locks or coroutines (ALWAYS), so the corpus stays
small enough for a full run on 2 cores and still holds the code our checks
are about. The result is one merged database,
bench/corpus/db/compile_commands.json, whose entries carry absolute paths,
and bench/corpus/db/selection.tsv (project, file) for the report.
"""

import argparse
import json
import os
import re
import sys

# project: (database relative to build/<project>, path filter, stride, always)
RULES = {
    # The library (tests and benchmarks are not configured).
    "leveldb": (["compile_commands.json"], r"\.cc$", 4,
                ["util/env_posix.cc", "db/db_impl.cc", "util/cache.cc",
                 "helpers/memenv/memenv.cc"]),
    # Library, example and Catch2 test-suite: fmt makes each TU heavy, so
    # mostly the TUs about the async logger and its queue.
    "spdlog": (["compile_commands.json"], r"\.cpp$", 0,
               ["src/async.cpp", "tests/test_async.cpp",
                "tests/test_mpmc_q.cpp", "tests/test_registry.cpp"]),
    # The test-suite (Meson, as Debian builds it) and the examples (bear).
    "cpp-httplib": (["meson/compile_commands.json",
                     "examples/compile_commands.json"], r"\.cc$", 0,
                    ["test/test.cc", "example/ssesvr.cc"]),
    # The C++20 coroutine examples (cpp17/coroutines_ts in 1.22) and the
    # executor / thread-pool / parallel_group ones.
    "asio": (["compile_commands.json"],
             r"examples/(cpp17/coroutines_ts|cpp11/executors|"
             r"cpp14/parallel_group)/", 0,
             ["examples/cpp17/coroutines_ts/chat_server.cpp",
              "examples/cpp17/coroutines_ts/echo_server.cpp",
              "examples/cpp17/coroutines_ts/refactored_echo_server.cpp",
              "examples/cpp17/coroutines_ts/range_based_for.cpp",
              "examples/cpp11/executors/actor.cpp",
              "examples/cpp11/executors/fork_join.cpp",
              "examples/cpp14/parallel_group/parallel_sort.cpp"]),
    "zeromq": (["compile_commands.json"], r"/src/[^/]*\.cpp$", 12,
               ["src/thread.cpp", "src/ctx.cpp", "src/mailbox.cpp",
                "src/io_thread.cpp", "src/reaper.cpp"]),
    "ccache": (["compile_commands.json"], r"/src/.*\.cpp$", 8,
               ["src/ccache.cpp", "src/util/ThreadPool.cpp"]),
}


def source_root(corpus, project):
    root = os.path.join(corpus, "src", project)
    if project == "asio":
        return os.path.join(root, "usr/share/doc/libasio-dev")
    return root


def rel_name(project, path, corpus):
    """The TU's name relative to its project's source (examples of
    cpp-httplib are built from a copy in build/, name them as in the source)."""
    root = source_root(corpus, project)
    b = os.path.join(corpus, "build", project, "examples") + os.sep
    if project == "cpp-httplib" and path.startswith(b):
        return "example/" + path[len(b):]
    return os.path.relpath(path, root)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--lock", required=True)
    ap.add_argument("projects", nargs="+")
    a = ap.parse_args()
    out = []
    rows = []
    for proj in a.projects:
        if proj not in RULES:
            sys.exit("select_tus: no selection rule for project %s" % proj)
        dbs, pattern, stride, always = RULES[proj]
        seen = {}
        for db in dbs:
            p = os.path.join(a.corpus, "build", proj, db)
            with open(p) as fh:
                entries = json.load(fh)
            for e in entries:
                f = e["file"]
                if not os.path.isabs(f):
                    f = os.path.normpath(os.path.join(e["directory"], f))
                if not re.search(pattern, f) or f in seen:
                    continue
                e = dict(e)
                e["file"] = f
                if "output" in e and not os.path.isabs(e["output"]):
                    e["output"] = os.path.join(e["directory"], e["output"])
                seen[f] = e
        names = sorted(seen, key=lambda f: rel_name(proj, f, a.corpus))
        keep = [f for i, f in enumerate(names)
                if (stride and i % stride == 0)
                or rel_name(proj, f, a.corpus) in always]
        for f in keep:
            out.append(seen[f])
            rows.append((proj, rel_name(proj, f, a.corpus), f))
        print("select_tus: %-12s %3d of %3d TUs" % (proj, len(keep), len(names)),
              file=sys.stderr)
    d = os.path.join(a.corpus, "db")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "compile_commands.json.tmp"), "w") as fh:
        json.dump(out, fh, indent=1)
    os.replace(os.path.join(d, "compile_commands.json.tmp"),
               os.path.join(d, "compile_commands.json"))
    with open(os.path.join(d, "selection.tsv"), "w") as fh:
        fh.write("project\tname\tfile\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    print("select_tus: %d TUs -> %s" % (len(out), os.path.join(d, "compile_commands.json")),
          file=sys.stderr)


if __name__ == "__main__":
    main()
