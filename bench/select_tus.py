#!/usr/bin/env python3
"""Pick the benchmark's translation units from each project's database.

Deterministic, and the same on every machine:

1. per project, the TUs of its compile_commands.json (deduplicated by file,
   only C++ sources, limited by the project's path pattern) are named by
   their path relative to the project's source root;
2. a TU is a *candidate* when its own source text (not its headers) uses
   threads, locks, atomics, executors or coroutines: it matches CONCURRENCY
   below, outside comments;
3. when a project has more candidates than its CAP, the ones kept are those
   with the smallest sha1(SEED + name), i.e. a fixed pseudo-random sample
   that does not depend on the order of the database; CAP keeps libcds (276
   candidates, near-identical container tests) from drowning the others,
   and the five earlier projects at their old sizes;
4. a candidate that is itself a coroutine TU (`co_await`, `co_return`,
   `co_yield` in its own text) is kept whatever the cap: coroutine TUs are
   rare in Debian (Asio's and Boost's examples) and two checks are only
   about them;
5. the TUs named in ALWAYS are kept in any case (the earlier corpus's fixed
   lists, so its findings stay comparable).

The result is one merged database, bench/corpus/db/compile_commands.json,
whose entries carry absolute paths (and the include overlay corpus.sh
writes, first on the system include path), and bench/corpus/db/selection.tsv
(project, name, file, why) for the report.
"""

import argparse
import hashlib
import json
import os
import re
import sys

SEED = "conclint-corpus-1"

# What makes a TU "about concurrency": the vocabulary of threads, locks,
# atomics, executors and coroutines of the standard library and of the
# corpus's frameworks (Asio, Boost.Thread/Fiber, POCO, TBB, CAF, pplx,
# websocketpp's Asio configs, pistache's endpoint and promises, the lock-free
# containers). Matched against the TU's own text with comments
# removed.
CONCURRENCY = re.compile(r"""
    \bstd::(?:thread|jthread|async|mutex|shared_mutex|recursive_mutex|timed_mutex
            |condition_variable(?:_any)?|atomic(?:_flag)?|future|shared_future|promise
            |packaged_task|latch|barrier|counting_semaphore|binary_semaphore
            |scoped_lock|lock_guard|unique_lock|shared_lock|this_thread|stop_token)\b
  | \bco_(?:await|return|yield)\b
  | \bpthread_(?:create|mutex_\w+|cond_\w+|spin_\w+)\b
  | \b(?:asio|boost::asio)::(?:io_context|io_service|strand|thread_pool|post|dispatch
            |spawn|co_spawn|awaitable|use_awaitable|steady_timer|experimental::channel)\b
  | \bboost::(?:thread|fibers|this_fiber|mutex|shared_mutex|condition_variable|barrier
            |lockfree|future|promise|async|executors)\b
  | \bPoco::(?:Thread|Mutex|FastMutex|Runnable|ThreadPool|Event|Semaphore|Activity
            |ActiveMethod|TaskManager|NotificationQueue|RWLock|Condition|AtomicCounter)\b
  | \btbb::(?:task_group|task_arena|parallel_\w+|concurrent_\w+|flow::\w+|spin_mutex
            |queuing_mutex)\b
  | \bcaf::(?:actor_system|scoped_actor|event_based_actor|blocking_actor|spawn)\b
  | \bpplx::(?:task|create_task|task_completion_event)\b
  | \bmoodycamel::\w+ | \bcds::(?:container|intrusive|gc|urcu|sync)\b
  | \bport::(?:Mutex|CondVar)\b | \bInstrumentedMutex\b | \bThreadPool\b
  | \bzmq::(?:mutex_t|thread_t|mailbox_t|condition_variable_t)\b
  | \bwebsocketpp::(?:lib::(?:thread|mutex|condition_variable|asio)|config::asio\w*)\b
  | \bHttp::(?:Endpoint|Experimental::Client)\b | \bAsync::(?:Promise|Barrier)\b
  | \bQCoro::\w+ | \bQThread\b | \bQtConcurrent::\w+
""", re.X)

COROUTINE = re.compile(r"\bco_(?:await|return|yield)\b")

COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)

# project: (databases relative to build/<project>, path filter, cap, always)
RULES = {
    "leveldb": (["compile_commands.json"], r"\.cc$", 20,
                ["util/env_posix.cc", "db/db_impl.cc", "util/cache.cc",
                 "helpers/memenv/memenv.cc"]),
    "spdlog": (["compile_commands.json"], r"\.cpp$", 8,
               ["src/async.cpp", "tests/test_async.cpp",
                "tests/test_mpmc_q.cpp", "tests/test_registry.cpp"]),
    "cpp-httplib": (["meson/compile_commands.json",
                     "examples/compile_commands.json"], r"\.cc$", 10,
                    ["test/test.cc", "example/ssesvr.cc"]),
    "asio": (["compile_commands.json"],
             r"examples/(cpp17/coroutines_ts|cpp11/executors|cpp14/parallel_group"
             r"|cpp11/(chat|echo|http/server[234]?|timers|nonblocking))/", 30,
             ["examples/cpp17/coroutines_ts/chat_server.cpp",
              "examples/cpp17/coroutines_ts/echo_server.cpp",
              "examples/cpp17/coroutines_ts/refactored_echo_server.cpp",
              "examples/cpp17/coroutines_ts/range_based_for.cpp",
              "examples/cpp11/executors/actor.cpp",
              "examples/cpp11/executors/fork_join.cpp",
              "examples/cpp14/parallel_group/parallel_sort.cpp"]),
    "ccache": (["compile_commands.json"], r"/src/.*\.cpp$", 8,
               ["src/ccache.cpp", "src/util/ThreadPool.cpp"]),
    "zeromq": (["compile_commands.json"], r"/src/[^/]*\.cpp$", 20,
               ["src/thread.cpp", "src/ctx.cpp", "src/mailbox.cpp",
                "src/io_thread.cpp", "src/reaper.cpp"]),
    "concurrentqueue": (["compile_commands.json"], r"\.cpp$", 10, []),
    "readerwriterqueue": (["compile_commands.json"], r"\.cpp$", 10, []),
    "libcds": (["compile_commands.json"], r"/(src|test)/.*\.cpp$", 60, []),
    "libtorrent": (["compile_commands.json"], r"/(src|examples|test)/.*\.cpp$", 100, []),
    "i2pd": (["compile_commands.json"], r"/(libi2pd|libi2pd_client|daemon)/.*\.cpp$", 100, []),
    "websocketpp": (["compile_commands.json"], r"\.cpp$", 100, []),
    "cpprest": (["compile_commands.json"], r"/Release/(src|samples|tests)/.*\.cpp$", 100, []),
    "monero": (["compile_commands.json"],
               r"/(contrib/epee/src|src/(p2p|rpc|cryptonote_protocol|common|daemon"
               r"|cryptonote_core|wallet|net))/.*\.cpp$", 100, []),
    "rocksdb": (["compile_commands.json"], r"/(db|util|utilities|cache|env|monitoring"
                r"|table|file|port|examples|memtable)/.*\.cc$", 100, []),
    "poco": (["compile_commands.json"], r"/(Foundation|Net|Util)/(src|testsuite/src|samples)/.*\.cpp$", 100, []),
    "pistache": (["compile_commands.json"], r"\.cc$", 10, []),
    "onetbb": (["compile_commands.json"], r"/examples/.*\.cpp$", 100, []),
    "caf": (["compile_commands.json"], r"/(libcaf_core|libcaf_io|examples)/.*\.cpp$", 100, []),
    "qcoro": (["compile_commands.json"], r"\.cpp$", 100, []),
    "boost": (["compile_commands.json", "thread/compile_commands.json"],
              r"/libs/(asio/example/cpp20|beast/example|fiber/examples|thread/example)/.*\.cpp$", 100, []),
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


def with_overlay(e, overlay):
    """The entry with `-isystem OVERLAY` right after the compiler (see
    corpus.sh, step 4: Boost 1.74's enum headers fixed for Clang 22)."""
    if not os.path.isdir(overlay):
        return e
    e = dict(e)
    if "arguments" in e:
        e["arguments"] = e["arguments"][:1] + ["-isystem", overlay] + e["arguments"][1:]
    else:
        cc, _, rest = e["command"].partition(" ")
        e["command"] = "%s -isystem %s %s" % (cc, overlay, rest)
    return e


def uses(path, pattern):
    try:
        with open(path, errors="replace") as fh:
            text = fh.read()
    except OSError:
        return False
    return pattern.search(COMMENTS.sub(" ", text)) is not None


def rank(name):
    return hashlib.sha1((SEED + name).encode()).hexdigest()


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
        dbs, pattern, cap, always = RULES[proj]
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
        name = {f: rel_name(proj, f, a.corpus) for f in seen}
        cands = [f for f in seen if uses(f, CONCURRENCY)]
        sample = sorted(cands, key=lambda f: rank(name[f]))[:cap]
        why = {f: "sample" for f in sample}
        for f in cands:
            if uses(f, COROUTINE):
                why[f] = "coroutine"
        for f in seen:
            if name[f] in always:
                why[f] = "always"
        keep = sorted(why, key=lambda f: name[f])
        for f in keep:
            out.append(with_overlay(seen[f], os.path.join(a.corpus, "overlay")))
            rows.append((proj, name[f], f, why[f]))
        print("select_tus: %-17s %3d of %4d TUs (%d use concurrency, cap %d)"
              % (proj, len(keep), len(seen), len(cands), cap), file=sys.stderr)
    d = os.path.join(a.corpus, "db")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "compile_commands.json.tmp"), "w") as fh:
        json.dump(out, fh, indent=1)
    os.replace(os.path.join(d, "compile_commands.json.tmp"),
               os.path.join(d, "compile_commands.json"))
    with open(os.path.join(d, "selection.tsv"), "w") as fh:
        fh.write("project\tname\tfile\twhy\n")
        for r in rows:
            fh.write("\t".join(r) + "\n")
    print("select_tus: %d TUs -> %s" % (len(out), os.path.join(d, "compile_commands.json")),
          file=sys.stderr)


if __name__ == "__main__":
    main()
