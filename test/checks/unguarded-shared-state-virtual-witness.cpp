// RUN: %check_conclint --config="{HeaderFilterRegex: 'vwitness'}" %s conclint-unguarded-shared-state %t -- -std=c++11-or-later -I%S/Inputs/virtual-witness

// A virtual method that takes a relockable guard by reference is a lock
// witness too (utils/SharedAccesses.cpp, callerHeld): it runs with the locks
// every visible call holds, where the calls are those of the method and of
// every method it overrides (a call through a base may run it).

#include "vwitness.h"

#include <memory>

// Node::attach(c, lk) and Leaf::attach(c, lk): every call holds a lock
// (the node's own, or a parent's through a pointer): silent.
void virtual_witness_ok() {
  auto n = std::make_shared<vw::Node>();
  n->finish();
  n->attach(1);
  vw::chain(n, 2);
  auto l = std::make_shared<vw::Leaf>();
  l->finish();
  l->attach(3);
  vw::chain(l, 4);
}

// Impl::poll(lk): a call through Base passes a deferred guard.
// CHECK-MESSAGES: {{.*}}vwitness.h:{{[0-9]+}}:9: warning: 'ready_' is read without holding 'this->mutex', while other member functions of 'Impl' write it under that lock [conclint-unguarded-shared-state]
void virtual_witness_through_base_bad() {
  vw::Impl i;
  i.set();
  i.poll();
  std::mutex m;
  vw::poll_deferred(i, m);
}
