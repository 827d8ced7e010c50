// RUN: %check_conclint --config="{HeaderFilterRegex: 'unpublished'}" %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread -I%S/Inputs/unpublished

// The lock-consistency rule does not walk a public method that runs only on
// an object no other thread can know yet (utils/Unpublished.h): every
// visible call is made by a constructor on the object it builds (its
// class's or a derived class's), by a method that itself runs only so, or
// on a local its caller has just created -- each before the object is
// handed on (its `this` passed, captured, copied into a thread or a pool).

#include "unpublished.h"

// Silent: set_lazy() (derived constructors, also of a class template),
// set_pooled() (set_pool_policy() <- init() <- two factories, on the state
// each has just created with `new` or make_shared), set_local() (a local
// object, before a thread is given it).
// Reported: set_eager() (also from restart()), set_tag() (virtual),
// set_late() (after the constructor handed `this` to a thread: a race with
// that thread), set_registered() (after the constructor handed `this` to
// code compiled elsewhere),
// set_after_thread() (after the factory handed the state to a thread),
// set_after_submit() (after init() handed shared_from_this() to the pool),
// set_round() (init() run again, in a loop, on the state it handed on).
// CHECK-MESSAGES: {{.*}}unpublished.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'eager_' is written without holding 'this->mu_', which guards it in other member functions of 'State' [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}unpublished.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'tag_' is written without holding 'this->mu_', which guards it in other member functions of 'State' [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}unpublished.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'late_' is written without holding 'this->mu_', which guards it elsewhere, while other threads access it [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}unpublished.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'registered_' is written without holding 'this->mu_', which guards it in other member functions of 'State' [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}unpublished.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'after_thread_' is written without holding 'this->mu_', which guards it in other member functions of 'State' [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}unpublished.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'after_submit_' is written without holding 'this->mu_', which guards it in other member functions of 'State' [conclint-unguarded-shared-state]
// CHECK-MESSAGES: {{.*}}unpublished.h:{{[0-9]+}}:{{[0-9]+}}: warning: 'round_' is written without holding 'this->mu_', which guards it in other member functions of 'State' [conclint-unguarded-shared-state]
void unpublished_setup_ok() {
  unp::LazyState l;
  unp::TypedLazyState<int> t(1);
  unp::Pool p;
  auto a = unp::make_pool_state(p);
  auto b = unp::make_pool_state_shared(p);
  unp::local_then_thread();
  unp::EagerState e;
  unp::restart(e);
  unp::TaggedState g;
  unp::ThreadedState th;
  unp::RegisteredState r;
  unp::thread_then_setup();
  auto c = unp::make_submit_first(p);
  auto d = unp::make_rounds(p);
}
