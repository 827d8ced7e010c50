#!/usr/bin/env bash
# Reproduces every number in docs/performance.md, from nothing:
#
#   bash bench/run.sh [bench.py options, e.g. --reps 2 or --skip-driver]
#
# 1. installs what the build needs (scripts/bootstrap.sh);
# 2. fetches and prepares the corpus (bench/corpus.sh, pinned by
#    bench/corpus.lock; idempotent);
# 3. builds what it measures (the plugin, and the `conclint` driver when its
#    sources are there) with at most 2 parallel jobs;
# 4. runs bench/bench.py, which appends a dated section to
#    docs/performance.md and writes raw data to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${CONCLINT_BUILD_DIR:-build}

bash scripts/bootstrap.sh
bash bench/corpus.sh
if [[ ! -f $BUILD/build.ninja ]]; then
  cmake -S . -B "$BUILD" -G Ninja -DCONCLINT_WERROR=ON >/dev/null
fi
# Only what the benchmark runs: the plugin, and the driver once it exists.
targets=(conclint-plugin)
if ninja -C "$BUILD" -t targets all 2>/dev/null | grep -q '^conclint: '; then
  targets+=(conclint)
fi
ninja -C "$BUILD" -j"${CONCLINT_BUILD_JOBS:-2}" "${targets[@]}" >/dev/null
exec python3 bench/bench.py --build "$BUILD" --command "bash bench/run.sh${*:+ $*}" "$@"
