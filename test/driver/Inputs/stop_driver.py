#!/usr/bin/env python3
"""Starts the conclint driver, waits until an analysis child is running,
sends SIGNAL to the driver only (not to its process group, as `kill PID`
or a CI runner's cancel does), and reports what is left afterwards.

  stop_driver.py SIGNAL TMPDIR -- DRIVER-COMMAND...

TMPDIR becomes the driver's $TMPDIR, so its temporary directory and its
children (whose command lines name it) can be found. Prints:
  exit: <code>          (128+N for a clean stop on signal N; -N if killed by it)
  children left: <n>    (processes whose command line names TMPDIR)
  temp left: <entries>  (what is left in TMPDIR)
"""
import os
import signal
import subprocess
import sys
import time


def children_naming(path):
    found = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read().decode("utf-8", "replace")
        except OSError:
            continue
        if "--internal-worker=" + path in cmd:
            found.append(int(pid))
    return found


def main():
    sig = getattr(signal, sys.argv[1])
    tmp = os.path.abspath(sys.argv[2])
    cmd = sys.argv[sys.argv.index("--") + 1:]
    os.makedirs(tmp, exist_ok=True)
    env = dict(os.environ, TMPDIR=tmp)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    while not children_naming(tmp):
        if proc.poll() is not None or time.time() > deadline:
            print("the driver ended or never started a child (exit %s)"
                  % proc.poll())
            return 1
        time.sleep(0.05)
    time.sleep(0.5)  # let the hanging check start
    proc.send_signal(sig)
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        print("the driver did not stop within 60 s")
        proc.kill()
        code = proc.wait()
    time.sleep(0.5)
    left = children_naming(tmp)
    for pid in left:  # do not leave them behind the test either
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    print("exit: %d" % (code if code >= 0 else code))
    print("children left: %d" % len(left))
    print("temp left: %s" % " ".join(sorted(os.listdir(tmp))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
