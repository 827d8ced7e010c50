"""Times the same CPU-bound C++ function called from four Python threads,
bound with the GIL held (gil_held) and released (gil_released).

Usage: gil_demo.py MODULE_DIR [LIMIT]
Exits 0 when both give the same answers and the released version is at least
1.3x faster (on a machine with 2 or more cores); 1 otherwise.
"""
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, sys.argv[1])
import gil_held  # noqa: E402
import gil_released  # noqa: E402

LIMIT = int(sys.argv[2]) if len(sys.argv) > 2 else 400_000
WORKERS = 4


def timed(fn):
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        results = list(pool.map(fn, [LIMIT] * WORKERS))
    return time.perf_counter() - start, results


fn_one = time.perf_counter()
single = gil_released.count_primes(LIMIT)
fn_one = time.perf_counter() - fn_one

held_s, held = timed(gil_held.count_primes)
released_s, released = timed(gil_released.count_primes)
speedup = held_s / released_s
cores = os.cpu_count() or 1

print(f"count_primes({LIMIT}) = {single}; one call takes {fn_one:.3f} s")
print(f"{WORKERS} threads, GIL held     (gil_held):     {held_s:.3f} s")
print(f"{WORKERS} threads, GIL released (gil_released): {released_s:.3f} s")
print(f"speed-up from releasing the GIL: {speedup:.2f}x on {cores} cores")

if held != released or held != [single] * WORKERS:
    print("FAIL: results differ")
    sys.exit(1)
if cores >= 2 and speedup < 1.3:
    print("FAIL: releasing the GIL did not make the calls run in parallel")
    sys.exit(1)
sys.exit(0)
