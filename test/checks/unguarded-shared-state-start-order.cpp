// RUN: %check_conclint %s conclint-unguarded-shared-state %t -- -std=c++17-or-later -pthread

// Issue 13: "happens-before through ... a later hand-off the code shows".
// The public member functions of a class whose member runs as a thread are
// taken to run at any time (callers outside the translation unit). But when
// the thread's object is reachable only through code visible here (a local
// of the spawning function that is used only in member calls and the spawn,
// or a non-public member of a class only this translation unit sees, started
// by its constructor), a public method called on it only in the spawner
// before the spawn happens before everything the thread does: the start of
// a thread synchronises with the beginning of its body
// (SharedAccesses::callsPrecedeStart). A call after the spawn, or from
// another member function, is still a race. An object that escapes (its
// address handed to code the analysis does not follow) may be called by that
// code at unknown times: unknown, so silence (issue 13: "every unknown
// resolves to silence"); the calls the translation unit shows still decide.

#include <atomic>
#include <thread>

// Configured, then started by the owner's constructor.
class Pump {
public:
  void setRate(int r) { rate = r; }
  void run() {
    while (!stopping.load())
      total += rate;
  }
  void stop() { stopping.store(true); }
  int done() const { return total; }

private:
  int rate = 0;
  int total = 0;
  std::atomic<bool> stopping{false};
};

class Station_ok {
public:
  Station_ok() {
    pump.setRate(3);
    worker = std::thread(&Pump::run, &pump);
  }
  ~Station_ok() {
    pump.stop();
    worker.join();
  }

private:
  Pump pump;
  std::thread worker;
};

// A local of the spawner, set up before the thread starts.
class Sampler {
public:
  void configure(int n) { period = n; }
  void run() {
    for (int i = 0; i < period; ++i)
      sum += i;
  }

private:
  int period = 0;
  int sum = 0;
};

void sampleOnce_ok() {
  Sampler s;
  s.configure(10);
  std::thread t(&Sampler::run, &s);
  t.join();
}

// The setter runs after the thread has started: a race.
class Feeder {
public:
  void setLimit(int n) {
    limit = n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'limit' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  void run() {
    for (int i = 0; i < limit; ++i)
      fed += i;
  }

private:
  int limit = 0;
  int fed = 0;
};

class Farm_bad {
public:
  Farm_bad() {
    worker = std::thread(&Feeder::run, &feeder);
    feeder.setLimit(5);
  }
  ~Farm_bad() { worker.join(); }

private:
  Feeder feeder;
  std::thread worker;
};

// Another member function of the owner calls the setter, at any time.
class Mixer {
public:
  void setSpeed(int n) {
    speed = n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'speed' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  void run() {
    for (int i = 0; i < speed; ++i)
      mixed += i;
  }

private:
  int speed = 0;
  int mixed = 0;
};

class Kitchen_bad {
public:
  Kitchen_bad() {
    mixer.setSpeed(1);
    worker = std::thread(&Mixer::run, &mixer);
  }
  void faster() { mixer.setSpeed(9); }
  ~Kitchen_bad() { worker.join(); }

private:
  Mixer mixer;
  std::thread worker;
};

// The object escapes to code the analysis does not follow. Was
// openValve_bad: the unknown callee might call setFlow() on another thread
// while run() runs, or never; nothing shown, so no report.
class Valve {
public:
  void setFlow(int n) { flow = n; }
  void run() {
    for (int i = 0; i < flow; ++i)
      passed += i;
  }

private:
  int flow = 0;
  int passed = 0;
};

void registerValve(Valve *v);

void openValve_escapes_ok() {
  Valve v;
  v.setFlow(2);
  registerValve(&v);
  std::thread t(&Valve::run, &v);
  t.join();
}

// Started by a member function that may run more than once on the object:
// the second call's setter runs while the first thread runs.
class Fan {
public:
  void setLevel(int n) {
    level = n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'level' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  void run() {
    for (int i = 0; i < level; ++i)
      turns += i;
  }

private:
  int level = 0;
  int turns = 0;
};

class Room_bad {
public:
  void start() {
    fan.setLevel(2);
    worker = std::thread(&Fan::run, &fan);
  }
  ~Room_bad() { worker.join(); }

private:
  Fan fan;
  std::thread worker;
};

// The object's address is also stored for a callback (websocketpp's
// scratch_client binds `&m_endpoint` into its connection handlers). Where the
// stored pointer goes is not followed: unknown, so the one visible call,
// before the spawn, decides. (Was Tower_FP, reported.)
class Beacon {
public:
  void setPeriod(int n) { period = n; }
  void run() {
    for (int i = 0; i < period; ++i)
      beats += i;
  }
  int id() const { return 7; }

private:
  int period = 0;
  int beats = 0;
};

class Tower_ok {
public:
  Tower_ok() {
    beacon.setPeriod(1);
    watcher = &beacon;
    worker = std::thread(&Beacon::run, &beacon);
  }
  ~Tower_ok() { worker.join(); }
  int watchedId() const { return watcher->id(); }

private:
  Beacon beacon;
  Beacon *watcher = nullptr;
  std::thread worker;
};

// Escaped too, but the translation unit shows a call after the start, from
// another member function: that call races with the thread whatever the
// unknown code does.
class Lamp {
public:
  void setGlow(int n) {
    glow = n;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'glow' is written by concurrently running threads without synchronization [conclint-unguarded-shared-state]
  }
  void run() {
    for (int i = 0; i < glow; ++i)
      lit += i;
  }

private:
  int glow = 0;
  int lit = 0;
};

class Porch_bad {
public:
  Porch_bad() {
    lamp.setGlow(1);
    watcher = &lamp;
    worker = std::thread(&Lamp::run, &lamp);
  }
  void brighter() { lamp.setGlow(5); }
  ~Porch_bad() { worker.join(); }
  Lamp *watched() const { return watcher; }

private:
  Lamp lamp;
  Lamp *watcher = nullptr;
  std::thread worker;
};

void use() {
  Station_ok s;
  Farm_bad f;
  Kitchen_bad k;
  k.faster();
  Room_bad r;
  r.start();
  Tower_ok t;
  (void)t.watchedId();
  Porch_bad p;
  p.brighter();
  (void)p.watched();
}
