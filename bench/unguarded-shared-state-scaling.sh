#!/bin/bash
# How conclint-unguarded-shared-state's own time grows with the number of
# spawns and of accesses, on generated inputs, side by side in one run:
#   accesses  N guarded accesses to one variable in one function that two
#             threads run (the per-variable pair search)
#   spawns    N threads, each its own lambda with one guarded write to one
#             variable, all started before any is joined (N windows that
#             overlap, N entry contexts)
#   sequence  N start-join pairs in a row, each thread writing the variable
#             with no lock (no two overlap: every pair must be looked at and
#             found apart)
# each at N, 2N and 4N. Printed: the check's time from --enable-check-profile
# (user+system, summed over REPS runs) and the ratio per doubling of N.
# Linear growth is 2.0.
#
#   bash bench/unguarded-shared-state-scaling.sh [N] [REPS]   (defaults: 200, 3)
# CONCLINT_TIDY_BIN=path/to/conclint-tidy measures another build.
set -e
R=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-200}
REPS=${2:-3}
TIDY=${CONCLINT_TIDY_BIN:-$R/build/driver/conclint-tidy}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
CHECK=conclint-unguarded-shared-state
SIZES=("$N" "$((2 * N))" "$((4 * N))")
KINDS=(accesses spawns sequence)

gen() { # KIND N OUT
  python3 - "$1" "$2" "$3" <<'PY'
import sys
kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
L = ["#include <mutex>", "#include <thread>", "std::mutex m;", "long x;"]
if kind == "accesses":
    L.append("void work() {")
    L += ["  { std::lock_guard<std::mutex> g(m); x += %d; }" % (i + 1)
          for i in range(n)]
    L += ["}", "int main() {", "  std::thread t(work);", "  work();",
          "  t.join();", "}"]
elif kind == "spawns":
    L.append("int main() {")
    L += ["  std::thread t%d([] { std::lock_guard<std::mutex> g(m); x += %d; });"
          % (i, i + 1) for i in range(n)]
    L += ["  t%d.join();" % i for i in range(n)]
    L.append("}")
else:
    L.append("int main() {")
    L += ["  { std::thread t([] { x += %d; }); t.join(); }" % (i + 1)
          for i in range(n)]
    L.append("}")
open(out, "w").write("\n".join(L) + "\n")
PY
}

for kind in "${KINDS[@]}"; do
  for n in "${SIZES[@]}"; do
    gen "$kind" "$n" "$TMP/$kind-$n.cpp"
  done
done

check_time() {
  awk -v c="$CHECK" '$NF == c && /%/ {
    gsub(/[()%]/, " "); split($0, f, " "); print f[5]; exit }' "$1"
}

declare -A T
for ((r = 0; r < REPS; r++)); do
  # Interleaved: noise on the shared machine hits every size alike.
  for kind in "${KINDS[@]}"; do
    for n in "${SIZES[@]}"; do
      "$TIDY" --checks="-*,$CHECK" --enable-check-profile \
        "$TMP/$kind-$n.cpp" -- -std=c++20 -pthread > "$TMP/prof" 2>&1 || true
      t=$(check_time "$TMP/prof")
      T[$kind,$n]=$(echo "${T[$kind,$n]:-0} + ${t:-0}" | bc -l)
    done
  done
done

printf "%-9s %10s %10s %10s %8s %8s\n" input "N=${SIZES[0]}" 2N 4N 2N/N 4N/2N
for kind in "${KINDS[@]}"; do
  a=${T[$kind,${SIZES[0]}]}; b=${T[$kind,${SIZES[1]}]}; d=${T[$kind,${SIZES[2]}]}
  r1=$(echo "if ($a > 0) $b / $a else 0" | bc -l)
  r2=$(echo "if ($b > 0) $d / $b else 0" | bc -l)
  printf "%-9s %9.3fs %9.3fs %9.3fs %8.2f %8.2f\n" "$kind" "$a" "$b" "$d" \
    "$r1" "$r2"
done
