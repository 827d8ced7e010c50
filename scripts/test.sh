#!/usr/bin/env bash
# Builds conclint and runs the whole test suite (lit): every check through the
# stock clang-tidy + plugin and through conclint-tidy, against libstdc++ and
# libc++; the harness's negative controls; clangd over LSP; the driver; the
# demo under ThreadSanitizer. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${CONCLINT_BUILD_DIR:-build}

bash scripts/bootstrap.sh
cmake -S . -B "$BUILD" -G Ninja -DCONCLINT_WERROR=ON >/dev/null
ninja -C "$BUILD"

rc=0
/usr/lib/llvm-22/bin/lit -sv "$BUILD/test" --xunit-xml-output "$BUILD/test/results.xml" || rc=$?
python3 - "$BUILD/test/results.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tests = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print("%d passed, %d failed, %d skipped" % (tests - failed - skipped, failed, skipped))
PY
exit $rc
