// RUN: %check_conclint --config="{HeaderFilterRegex: 'specdelegates'}" %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread -I%S/Inputs/specialized-delegates

// The lock-consistency rule's exception for two methods the translation unit
// never runs (SharedAccesses::neitherRunsHere), for a class that is not an
// implicit instantiation: an explicit specialization of a class template,
// defined with every member inline in a header (specdelegates.h). Its two
// virtual members equals() (unlocked read) and disable() (locked write) run
// only where an event calls them through the base, under the event's lock,
// in other translation units. Here nothing that runs calls them (the
// header's decorator forwards to them only from its own overrides, which
// nothing here calls either), names them, or creates an object of the class
// (the header's inline factories do, but nothing here calls those): by
// utils/RunsHere.h they do not run here, and the translation units where
// they do judge the pair. Silence. An object created by code that runs here,
// even inside a library call, or a call here that may reach either method
// through the base, keeps the report: the class is used here.

#include "specdelegates.h"

#include <memory>

// An event registry defined in another translation unit: it copies the
// delegates it is given and calls them through the base, under its lock.
class Registry {
public:
  void add(const sd::Delegate<char> &d);
  void add(const sd::Delegate<short> &d);
  void add(const sd::Delegate<long> &d);
  void add(std::shared_ptr<sd::Delegate<short>> d);
  void remove(const sd::Delegate<char> &d);
};

// FnDelegate<void> and Expiring<void>: nothing here uses them; they exist
// because the header defines them and its inline factories.
void onOther(const char *) {}
void specialization_unused_ok(Registry &r) {
  (void)r;
}

// FnDelegate<char> objects are created here and handed on: the class is
// used here, and the other translation unit may not see its members.
void onChar(const char *) {}
// CHECK-MESSAGES: {{.*}}specdelegates.h:{{[0-9]+}}:17: warning: 'F' is read without holding 'this->Mu', while other member functions of 'FnDelegate<char>' write it under that lock [conclint-unguarded-shared-state]
void created_here_bad(Registry &r) {
  sd::FnDelegate<char> d(&onChar);
  r.add(d);
  r.remove(d);
}

// No FnDelegate<int> is created here, but disable() may run here: a call
// through the base, without any lock.
// CHECK-MESSAGES: {{.*}}specdelegates.h:{{[0-9]+}}:17: warning: 'F' is read without holding 'this->Mu', while other member functions of 'FnDelegate<int>' write it under that lock [conclint-unguarded-shared-state]
void drop(sd::Delegate<int> &d) { d.disable(); }

// Created inside a library call (make_shared constructs it where no user
// code shows): used here.
void onShort(const short *) {}
// CHECK-MESSAGES: {{.*}}specdelegates.h:{{[0-9]+}}:17: warning: 'F' is read without holding 'this->Mu', while other member functions of 'FnDelegate<short>' write it under that lock [conclint-unguarded-shared-state]
void made_shared_bad(Registry &r) {
  r.add(std::make_shared<sd::FnDelegate<short>>(&onShort));
}

// Created by the header's inline factory, which code here calls.
void onLong(const long *) {}
// CHECK-MESSAGES: {{.*}}specdelegates.h:{{[0-9]+}}:17: warning: 'F' is read without holding 'this->Mu', while other member functions of 'FnDelegate<long>' write it under that lock [conclint-unguarded-shared-state]
void factory_called_bad(Registry &r) { r.add(sd::delegate(&onLong)); }
