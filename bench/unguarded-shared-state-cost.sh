#!/bin/bash
# Usage: measure.sh REPS — times the check against a parse-only floor on the
# check's test and demo files, interleaved in one run.
set -e
TMP=$(mktemp)
R=$(cd "$(dirname "$0")/.." && pwd)
REPS=${1:-3}
PLUGIN=$R/build/driver/conclint-plugin.so
files=(
  "$R/test/checks/unguarded-shared-state.cpp|-std=c++20 -pthread"
  "$R/test/checks/unguarded-shared-state-notes.cpp|-std=c++20 -pthread"
  "$R/test/checks/unguarded-shared-state-asio.cpp|-std=c++20 -pthread -DASIO_HAS_CO_AWAIT=1"
  "$R/test/checks/unguarded-shared-state-parallel.cpp|-std=c++20 -pthread -fexperimental-library"
  "$R/demo/good/unguarded-shared-state.cpp|-std=c++20 -O2 -pthread -DASIO_HAS_CO_AWAIT=1"
  "$R/demo/bad/unguarded-shared-state.cpp|-std=c++20 -O2 -pthread -DASIO_HAS_CO_AWAIT=1"
)
now() { date +%s.%N; }
tot_floor=0; tot_tidy=0; tot_check=0
for entry in "${files[@]}"; do
  f=${entry%%|*}; flags=${entry#*|}
  fl=0; td=0; ck=0
  for ((i=0;i<REPS;i++)); do
    t0=$(now); clang++-22 -fsyntax-only $flags "$f"; t1=$(now)
    clang-tidy-22 -load=$PLUGIN --checks=-*,conclint-unguarded-shared-state \
      --enable-check-profile "$f" -- $flags > "$TMP" 2>&1 || true
    t2=$(now)
    c=$(awk '$NF=="conclint-unguarded-shared-state" && $2 ~ /%/ {print $5; exit}' "$TMP")
    fl=$(echo "$fl + $t1 - $t0" | bc); td=$(echo "$td + $t2 - $t1" | bc); ck=$(echo "$ck + ${c:-0}" | bc)
  done
  printf "%-45s floor %6.2fs  tidy %6.2fs  ratio %.3f  check(profile) %.3fs = %.1f%% of floor\n" \
    "$(basename $f) [$(dirname $f | xargs basename)]" "$fl" "$td" "$(echo "$td/$fl" | bc -l)" "$ck" "$(echo "100*$ck/$fl" | bc -l)"
  tot_floor=$(echo "$tot_floor + $fl" | bc); tot_tidy=$(echo "$tot_tidy + $td" | bc); tot_check=$(echo "$tot_check + $ck" | bc)
done
printf "TOTAL floor %.2fs tidy %.2fs ratio %.3f; check (profile) %.3fs = %.1f%% of floor\n" "$tot_floor" "$tot_tidy" "$(echo "$tot_tidy/$tot_floor" | bc -l)" "$tot_check" "$(echo "100*$tot_check/$tot_floor" | bc -l)"
