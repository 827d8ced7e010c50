// The demo pair of conclint-blocking-call-in-coroutine: the bad twin draws
// exactly the warnings it carries, the good program draws none, and the good
// program runs: the three timer waits overlap and the offload really switches
// threads.
//
// C++20 only, as the demo is built (last RUN lines): under libc++ in C++23 Asio 1.22 needs
// <exception> included first, which the demo sources do not do.
// RUN: %check_conclint %src_root/demo/bad/blocking-call-in-coroutine.cpp conclint-blocking-call-in-coroutine %t.bad -- -std=c++20 -O2 -pthread -DASIO_HAS_CO_AWAIT=1
// RUN: %check_conclint %src_root/demo/good/blocking-call-in-coroutine.cpp conclint-blocking-call-in-coroutine %t.good -- -std=c++20 -O2 -pthread -DASIO_HAS_CO_AWAIT=1
// RUN: %clangxx -std=c++20 -O2 -pthread -DASIO_HAS_CO_AWAIT=1 %src_root/demo/good/blocking-call-in-coroutine.cpp -o %t.exe
// RUN: %t.exe | FileCheck %s
// CHECK: switched yes
// CHECK: a: waited 100 ms
// CHECK: b: waited 200 ms
// CHECK: c: waited 300 ms
// CHECK: overlapped: yes
