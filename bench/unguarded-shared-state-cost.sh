#!/bin/bash
# Cost of conclint-unguarded-shared-state against a parse-only floor, on the
# check's lit tests and demo pair, interleaved in one run (the machine is
# shared and noisy: compare within a run, not across runs).
#
#   bash bench/unguarded-shared-state-cost.sh [REPS]   (default 3)
#
# floor = clang++-22 -fsyntax-only FLAGS FILE
# tidy  = clang-tidy-22 -load=build/driver/conclint-plugin.so
#         --checks=-*,conclint-unguarded-shared-state --enable-check-profile
#         FILE -- FLAGS
# Reported per file and in total: CPU time (user+sys) of both commands and
# their ratio, and the check's own wall time from --enable-check-profile as a
# share of the floor.
set -e
R=$(cd "$(dirname "$0")/.." && pwd)
REPS=${1:-3}
PLUGIN=$R/build/driver/conclint-plugin.so
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
files=(
  "$R/test/checks/unguarded-shared-state.cpp|-std=c++20 -pthread"
  "$R/test/checks/unguarded-shared-state-notes.cpp|-std=c++20 -pthread"
  "$R/test/checks/unguarded-shared-state-asio.cpp|-std=c++20 -pthread -DASIO_HAS_CO_AWAIT=1"
  "$R/test/checks/unguarded-shared-state-parallel.cpp|-std=c++20 -pthread -fexperimental-library"
  "$R/demo/good/unguarded-shared-state.cpp|-std=c++20 -O2 -pthread -DASIO_HAS_CO_AWAIT=1"
  "$R/demo/bad/unguarded-shared-state.cpp|-std=c++20 -O2 -pthread -DASIO_HAS_CO_AWAIT=1"
)
cpu() { tail -n 1 "$1" | awk '{printf "%.3f", $1 + $2}'; }
T_FL=0; T_TD=0; T_CK=0
for entry in "${files[@]}"; do
  f=${entry%%|*}; flags=${entry#*|}
  fl=0; td=0; ck=0
  for ((i = 0; i < REPS; i++)); do
    /usr/bin/time -o "$TMP/fl" -f "%U %S" clang++-22 -fsyntax-only $flags "$f"
    /usr/bin/time -o "$TMP/td" -f "%U %S" clang-tidy-22 -load="$PLUGIN" \
      --checks=-*,conclint-unguarded-shared-state --enable-check-profile \
      "$f" -- $flags > "$TMP/prof" 2>&1 || true
    c=$(awk '$NF=="conclint-unguarded-shared-state" && $2 ~ /%/ {print $5; exit}' "$TMP/prof")
    fl=$(echo "$fl + $(cpu "$TMP/fl")" | bc)
    td=$(echo "$td + $(cpu "$TMP/td")" | bc)
    ck=$(echo "$ck + ${c:-0}" | bc)
  done
  printf "%-42s floor %7.2fs  tidy %7.2fs  ratio %.3f  check %.3fs = %.2f%% of floor\n" \
    "$(basename "$(dirname "$f")")/$(basename "$f")" "$fl" "$td" \
    "$(echo "$td / $fl" | bc -l)" "$ck" "$(echo "100 * $ck / $fl" | bc -l)"
  T_FL=$(echo "$T_FL + $fl" | bc); T_TD=$(echo "$T_TD + $td" | bc)
  T_CK=$(echo "$T_CK + $ck" | bc)
done
printf "TOTAL (%d reps) floor %.2fs  tidy %.2fs  ratio %.3f  check %.3fs = %.2f%% of floor\n" \
  "$REPS" "$T_FL" "$T_TD" "$(echo "$T_TD / $T_FL" | bc -l)" "$T_CK" \
  "$(echo "100 * $T_CK / $T_FL" | bc -l)"
