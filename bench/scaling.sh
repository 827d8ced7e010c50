#!/bin/bash
# How check time grows with the size of the code it looks at, on generated
# inputs (bench/gen_scaling.py), side by side in one run:
#   guarded  N guarded accesses to one variable     (unguarded-shared-state)
#   awaits   N co_awaits in one coroutine           (cpu-bound, blocking)
#   chain    N functions in one call chain          (every call-following check)
# each at N, 2N and 4N. Printed: the checks' own time from
# --enable-check-profile (user+system, summed over REPS runs) and the ratio
# per doubling of N. Linear growth is 2.0; the target is at most 2.3.
#
#   bash bench/scaling.sh [N] [REPS]        (defaults: 400, 3)
# CONCLINT_TIDY_BIN=path/to/conclint-tidy measures another build.
set -e
R=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-400}
REPS=${2:-3}
TIDY=${CONCLINT_TIDY_BIN:-$R/build/driver/conclint-tidy}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PYINC=$(/usr/bin/python3-config --includes 2>/dev/null || true)
FLAGS="-std=c++20 -pthread $PYINC"

declare -A CHECKS=(
  [guarded]="conclint-unguarded-shared-state"
  [awaits]="conclint-cpu-bound-on-event-loop conclint-blocking-call-in-coroutine"
  [chain]="conclint-cpu-bound-on-event-loop conclint-blocking-call-in-coroutine conclint-unguarded-shared-state conclint-gil-held-cpu-work"
)
SIZES=("$N" "$((2 * N))" "$((4 * N))")

# check time (user+sys seconds) of CHECK in a profile file
check_time() {
  awk -v c="$2" '$NF == c && /%/ {
    gsub(/[()%]/, " "); split($0, f, " "); print f[5]; exit }' "$1"
}

for kind in guarded awaits chain; do
  for n in "${SIZES[@]}"; do
    python3 "$R/bench/gen_scaling.py" "$kind" "$n" "$TMP/$kind-$n.cpp"
  done
done

declare -A T
for ((r = 0; r < REPS; r++)); do
  # Interleave sizes and kinds within each repetition: noise hits all alike.
  for kind in guarded awaits chain; do
    list=$(echo ${CHECKS[$kind]} | tr ' ' ',')
    for n in "${SIZES[@]}"; do
      "$TIDY" --checks="-*,$list" --enable-check-profile \
        "$TMP/$kind-$n.cpp" -- $FLAGS > "$TMP/prof" 2>&1 || true
      for c in ${CHECKS[$kind]}; do
        t=$(check_time "$TMP/prof" "$c")
        T[$kind,$c,$n]=$(echo "${T[$kind,$c,$n]:-0} + ${t:-0}" | bc -l)
      done
    done
  done
done

printf "%-8s %-38s %10s %10s %10s %8s %8s\n" input check \
  "N=${SIZES[0]}" "2N" "4N" "2N/N" "4N/2N"
for kind in guarded awaits chain; do
  for c in ${CHECKS[$kind]}; do
    a=${T[$kind,$c,${SIZES[0]}]}; b=${T[$kind,$c,${SIZES[1]}]}
    d=${T[$kind,$c,${SIZES[2]}]}
    r1=$(echo "if ($a > 0) $b / $a else 0" | bc -l)
    r2=$(echo "if ($b > 0) $d / $b else 0" | bc -l)
    printf "%-8s %-38s %9.3fs %9.3fs %9.3fs %8.2f %8.2f\n" "$kind" "$c" \
      "$a" "$b" "$d" "$r1" "$r2"
  done
done
