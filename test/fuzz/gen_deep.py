#!/usr/bin/env python3
"""Writes a TU whose thread entry (and coroutine, and pybind-style function)
holds one N-term `+` chain: clang parses it, every recursive walk of a
check over it must be bounded or iterative.  gen_deep.py N OUT"""
import sys
n, out = int(sys.argv[1]), sys.argv[2]
chain = " + ".join(["shared"] * n)
with open(out, "w") as f:
    f.write("#include <thread>\nint shared;\n"
            "int main() {\n"
            "  std::thread t([] { shared = %s; });\n"
            "  shared = 1;\n"
            "  t.join();\n"
            "  for (int i = 0; i < shared; ++i) std::thread([] { shared = %s; }).join();\n"
            "}\n" % (chain, chain))
