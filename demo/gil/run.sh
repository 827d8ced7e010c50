#!/usr/bin/env bash
# Builds the two pybind11 modules of the GIL demo and times them from Python.
# Usage: demo/gil/run.sh [BUILD_DIR]   (default: build/demo-gil)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="${1:-$root/build/demo-gil}"
# Debian's interpreter and headers (python3-dev, pybind11-dev), whatever
# python3 is first on PATH.
py=/usr/bin/python3
cmake -S "$here" -B "$build" -G Ninja -DPython3_EXECUTABLE="$py" \
  -DCMAKE_CXX_COMPILER="${CXX:-clang++-22}" >/dev/null
ninja -C "$build" -j2 >/dev/null
exec "$py" "$here/gil_demo.py" "$build"
