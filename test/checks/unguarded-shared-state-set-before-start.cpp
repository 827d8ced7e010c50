// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// Issue 13, US-SET-BEFORE-START: a member of the thread's object set up by
// the owner's constructor, and the thread started later by another member
// function of the owner. The constructor finishes before any member function
// can be called on the object, so a call made in it before anything there
// hands the object under construction to other code (`this` passed on, a
// member function called on `this`, a lambda capturing `this`) happens before
// the start of the thread, which synchronises with the thread's body
// (SharedAccesses::callsPrecedeStart). A setter called again after the
// object has escaped, or from another member function, or in the starting
// member function (which may run twice), is still a race.

#include <functional>
#include <thread>

class Engine {
public:
  void prime(int n) { fuel = n; }
  void spin() {
    for (int i = 0; i < fuel; ++i)
      revs += i;
  }
  int read() const { return revs; }

private:
  int fuel = 0;
  int revs = 0;
};

// Primed by the constructor, started by a later member function.
class Car_ok {
public:
  Car_ok() { engine.prime(4); }
  void drive() {
    std::thread t(&Engine::spin, &engine);
    t.join();
  }

private:
  Engine engine;
};

// The constructor hands `this` on only after priming (a stored callback):
// the call still runs before anything else can reach the object.
class Rudder {
public:
  void prime(int n) { fuel = n; }
  void spin() {
    for (int i = 0; i < fuel; ++i)
      revs += i;
  }
  int read() const { return revs; }

private:
  int fuel = 0;
  int revs = 0;
};

class Boat_ok {
public:
  Boat_ok() {
    rudder.prime(2);
    onDone = [this] { report(); };
  }
  void sail() {
    std::thread t(&Rudder::spin, &rudder);
    t.join();
    onDone();
  }

private:
  void report() { ++reports; }
  Rudder rudder;
  std::function<void()> onDone;
  int reports = 0;
};

// `this` reaches unknown code before the setter runs: that code may start
// the thread (call fly()) while the constructor is still priming.
class Plane_bad;
void enlist(Plane_bad *p);

class Throttle {
public:
  void set(int n) {
    level = n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'level' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  void run() {
    for (int i = 0; i < level; ++i)
      thrust += i;
  }

private:
  int level = 0;
  int thrust = 0;
};

class Plane_bad {
public:
  Plane_bad() {
    enlist(this);
    throttle.set(1);
  }
  void fly() {
    std::thread t(&Throttle::run, &throttle);
    t.join();
  }

private:
  Throttle throttle;
};

// `this` handed on by a member initialiser, before the body runs.
class Glider_bad;
int enroll(Glider_bad *g);

class Flap {
public:
  void set(int n) {
    tilt = n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'tilt' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  void run() {
    for (int i = 0; i < tilt; ++i)
      lift += i;
  }

private:
  int tilt = 0;
  int lift = 0;
};

class Glider_bad {
public:
  Glider_bad() : ticket(enroll(this)) { flap.set(1); }
  void glide() {
    std::thread t(&Flap::run, &flap);
    t.join();
  }

private:
  int ticket;
  Flap flap;
};

// Set in the constructor and again by the starting member function, which
// may run twice: the second call's setter races with the first thread.
class Pedal {
public:
  void press(int n) {
    depth = n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'depth' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  void run() {
    for (int i = 0; i < depth; ++i)
      travel += i;
  }

private:
  int depth = 0;
  int travel = 0;
};

class Bike_bad {
public:
  Bike_bad() { pedal.press(1); }
  void ride() {
    pedal.press(3);
    worker = std::thread(&Pedal::run, &pedal);
  }
  ~Bike_bad() {
    if (worker.joinable())
      worker.join();
  }

private:
  Pedal pedal;
  std::thread worker;
};

// Set in the constructor and by another public member function, which a
// client may call while the thread runs.
class Sail {
public:
  void trim(int n) {
    angle = n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'angle' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  void run() {
    for (int i = 0; i < angle; ++i)
      drift += i;
  }

private:
  int angle = 0;
  int drift = 0;
};

class Yacht_bad {
public:
  Yacht_bad() { sail.trim(1); }
  void cruise() { worker = std::thread(&Sail::run, &sail); }
  void adjust() { sail.trim(7); }
  ~Yacht_bad() {
    if (worker.joinable())
      worker.join();
  }

private:
  Sail sail;
  std::thread worker;
};

void use() {
  Car_ok c;
  c.drive();
  Boat_ok b;
  b.sail();
  Plane_bad p;
  p.fly();
  Glider_bad g;
  g.glide();
  Bike_bad k;
  k.ride();
  Yacht_bad y;
  y.cruise();
  y.adjust();
}
