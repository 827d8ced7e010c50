#!/usr/bin/env python3
"""Generates the scaling benchmark's inputs (see bench/scaling.sh).

    gen_scaling.py KIND N OUT.cpp

KIND is one of
  guarded  N guarded accesses to one variable, from two threads
           (conclint-unguarded-shared-state);
  awaits   N co_awaits in one coroutine, half of them thread switches, with
           work between them (cpu-bound-on-event-loop,
           blocking-call-in-coroutine);
  chain    N functions in one call chain ending in a loop, a sleep, a shared
           write and a Python call, reached from a coroutine, a thread and a
           Python binding (every check that follows calls).
"""
import sys


def guarded(n):
    out = ["#include <mutex>", "#include <thread>", "std::mutex m;",
           "long x;", "void work() {"]
    for i in range(n):
        out.append("  { std::lock_guard<std::mutex> g(m); x += %d; }" % (i + 1))
    out += ["}", "int main() {", "  std::thread t(work);", "  work();",
            "  t.join();", "}"]
    return out


def awaits(n):
    out = ["#include <coroutine>", "#include <vector>", "#include <thread>",
           "#include <chrono>",
           "struct task {",
           "  struct promise_type {",
           "    task get_return_object() { return {}; }",
           "    std::suspend_never initial_suspend() noexcept { return {}; }",
           "    std::suspend_never final_suspend() noexcept { return {}; }",
           "    void return_void() {}",
           "    void unhandled_exception() {}",
           "  };",
           "};",
           "struct pool {};",
           "std::suspend_never resume_on(pool &) { return {}; }",
           "std::suspend_never tick() { return {}; }",
           "int helper(int v) { return v + 1; }",
           "task run(pool &p, std::vector<int> &v) {"]
    for i in range(n):
        if i % 2:
            out.append("  co_await resume_on(p);")
        else:
            out.append("  co_await tick();")
        out.append("  v.push_back(helper(%d));" % i)
        if i % 10 == 0:
            out.append("  if (v.size() > %d) { co_await tick(); }" % i)
    out += ["  co_return;", "}"]
    return out


def chain(n):
    out = ["#include <Python.h>", "#include <chrono>", "#include <coroutine>",
           "#include <thread>", "#include <vector>",
           "struct task {",
           "  struct promise_type {",
           "    task get_return_object() { return {}; }",
           "    std::suspend_never initial_suspend() noexcept { return {}; }",
           "    std::suspend_never final_suspend() noexcept { return {}; }",
           "    void return_void() {}",
           "    void unhandled_exception() {}",
           "  };",
           "};",
           "std::suspend_never tick() { return {}; }",
           "long shared;",
           "long last(std::vector<long> &v) {",
           "  long s = 0;",
           "  for (long i = 0; i < (long)v.size(); ++i) s += v[i] * v[i];",
           "  shared += s;",
           "  std::this_thread::sleep_for(std::chrono::milliseconds(1));",
           "  return s;",
           "}"]
    prev = "last"
    for i in range(n - 1, -1, -1):
        name = "f%d" % i
        out.append("long %s(std::vector<long> &v) { return %s(v) + %d; }"
                   % (name, prev, i))
        prev = name
    out += ["task coro(std::vector<long> &v) {",
            "  co_await tick();",
            "  %s(v);" % prev,
            "  co_return;",
            "}",
            "static PyObject *py_entry(PyObject *, PyObject *) {",
            "  std::vector<long> v(100);",
            "  %s(v);" % prev,
            "  Py_RETURN_NONE;",
            "}",
            "static PyMethodDef methods[] = {",
            "    {\"entry\", py_entry, METH_VARARGS, nullptr},",
            "    {nullptr, nullptr, 0, nullptr}};",
            "int main() {",
            "  std::vector<long> v(10);",
            "  std::thread t([&] { %s(v); });" % prev,
            "  shared = 1;",
            "  t.join();",
            "  coro(v);",
            "  (void)methods;",
            "}"]
    return out


def main():
    kind, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    lines = {"guarded": guarded, "awaits": awaits, "chain": chain}[kind](n)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
