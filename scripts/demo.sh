#!/usr/bin/env bash
# The README's first command: builds conclint, then builds and runs every
# program of the runtime demo (demo/good), prints a table of what each one
# shows and measured, and runs conclint over demo/good (silent) and demo/bad
# (prints what it finds). Installs what is missing first.
#   CONCLINT_BUILD_DIR  build directory (default: build)
#   CONCLINT_JOBS       parallel jobs for ninja and conclint (default: all cores)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${CONCLINT_BUILD_DIR:-build}
JOBS=${CONCLINT_JOBS:-}

bash scripts/bootstrap.sh
cmake -S . -B "$BUILD" -G Ninja >/dev/null
ninja -C "$BUILD" ${JOBS:+-j "$JOBS"}
rc=0
python3 scripts/demo.py --build "$BUILD" ${JOBS:+-j "$JOBS"} || rc=$?

# The GIL pair is a real pybind11 extension module with its own CMake build:
# the same CPU-heavy function run from 4 Python threads with the GIL held
# (the twin conclint flags) and released.
echo
echo "== GIL lesson (pybind11): demo/gil/run.sh =="
bash demo/gil/run.sh "$BUILD/demo-gil" || rc=$?
exit $rc
