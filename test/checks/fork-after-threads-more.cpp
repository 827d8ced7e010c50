// RUN: %check_conclint %s conclint-fork-after-threads %t -- -std=c++20-or-later -pthread

// More shapes: jthread, globals started before main, thread pools built
// by a constructor, nested calls, and children that stay within the rules.

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

void work();
std::mutex g_mutex;

class Workers {
public:
  Workers() {
    for (int i = 0; i < 2; ++i)
      threads_.emplace_back(work);
  }
  ~Workers() {
    for (auto &t : threads_)
      t.join();
  }

private:
  std::vector<std::thread> threads_;
};

void start_detached() { std::thread(work).detach(); }
void start_two_levels() { start_detached(); }

void jthread_bad() {
  std::jthread t(work);
  if (fork() == 0) {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'fork' is called while another thread may be running, and the child calls 'printf'
    std::printf("child\n");
    _exit(0);
  }
}

void two_levels_bad() {
  start_two_levels();
  pid_t pid = fork();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'fork' is called while another thread may be running, and the child calls 'std::mutex::lock'
  if (pid == 0) {
    g_mutex.lock();
    _exit(0);
  }
}

void workers_bad() {
  Workers w;
  pid_t pid = fork();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'fork' is called while another thread may be running, and the child calls 'free'
  if (pid == 0) {
    std::free(nullptr);
    _exit(0);
  }
  waitpid(pid, nullptr, 0);
}

void helper_that_prints() { std::puts("from child"); }
void child_calls_unsafe_helper_bad() {
  std::thread t(work);
  if (fork() == 0) {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'fork' is called while another thread may be running, and the child calls 'puts'
    helper_that_prints();
    _exit(0);
  }
  t.join();
}

void throw_in_child_bad() {
  std::thread t(work);
  pid_t pid = fork();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'fork' is called while another thread may be running, and the child calls 'throw'
  if (pid == 0)
    throw 1;
  t.join();
}

void assigned_pid_bad() {
  std::thread t(work);
  pid_t pid;
  if ((pid = fork()) == 0) {
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'fork' is called while another thread may be running, and the child calls 'printf'
    std::printf("child\n");
    _exit(0);
  }
  t.join();
}

void parent_branch_only_bad() {
  std::thread t(work);
  pid_t pid = fork();
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'fork' is called while another thread may be running, and the child runs on past the fork without exec or _exit
  if (pid > 0)
    waitpid(pid, nullptr, 0);
  t.join();
}

//===--- fine ---------------------------------------------------------------===//

void jthread_scope_ended_ok() {
  {
    std::jthread t(work);
  }
  if (fork() == 0) {
    std::printf("child\n");
    _exit(0);
  }
}

void workers_scope_ended_ok() {
  {
    Workers w;
  }
  if (fork() == 0) {
    std::printf("child\n");
    _exit(0);
  }
}

void safe_helper() { write(1, "x", 1); }
void child_calls_safe_helper_ok() {
  std::thread t(work);
  if (fork() == 0) {
    safe_helper();
    _exit(0);
  }
  t.join();
}

void exec_with_env_ok(char **argv, char **envp) {
  std::thread t(work);
  pid_t pid = fork();
  if (pid == -1)
    return t.join();
  if (pid == 0) {
    execve(argv[0], argv, envp);
    _exit(127);
  }
  t.join();
}

void abort_in_child_ok() {
  std::thread t(work);
  if (fork() == 0)
    abort();
  t.join();
}

void pipe_setup_ok(int fds[2], char **argv) {
  std::thread t(work);
  if (fork() == 0) {
    close(fds[0]);
    dup2(fds[1], 1);
    execvp(argv[0], argv);
    _exit(127);
  }
  t.join();
}

void thread_started_after_fork_ok() {
  pid_t pid = fork();
  if (pid == 0) {
    std::string s = "child may allocate: no other thread exists";
    std::puts(s.c_str());
    _exit(0);
  }
  std::jthread t(work);
  waitpid(pid, nullptr, 0);
}

void two_levels_then_no_fork_ok() { start_two_levels(); }

void lambda_body_fork_ok() {
  // The fork runs in a lambda that no thread runs here.
  auto spawn_child = [] {
    if (fork() == 0) {
      execl("/bin/true", "true", (char *)nullptr);
      _exit(127);
    }
  };
  spawn_child();
}
