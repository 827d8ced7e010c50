#!/usr/bin/env bash
# Builds conclint and runs the whole test suite (lit): every check through the
# stock clang-tidy + plugin and through conclint-tidy, against libstdc++ and
# libc++; the harness's negative controls; clangd over LSP; the driver; the
# demo under ThreadSanitizer; then the check and driver tests against LLVM 19
# (CONCLINT_SKIP_LLVM19=1 skips that stage). Installs what is missing first.
# The ASan+UBSan run is the second test command, scripts/test-sanitize.sh
# (.ci/run runs both): with it, this one would not fit CI's 30 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${CONCLINT_BUILD_DIR:-build}
t0=$SECONDS

bash scripts/bootstrap.sh
cmake -S . -B "$BUILD" -G Ninja -DCONCLINT_WERROR=ON >/dev/null
ninja -C "$BUILD"

rc=0
# Each stage's wall time, printed after it (CI's budget: docs/ci.md).
stage() { echo "conclint-test: stage '$1' took $((SECONDS - t0)) s" | tee -a "$BUILD/stage-times.txt"; t0=$SECONDS; }
: >"$BUILD/stage-times.txt"
stage "bootstrap and build"
/usr/lib/llvm-22/bin/lit -sv "$BUILD/test" --xunit-xml-output "$BUILD/test/results.xml" || rc=$?
results=("$BUILD/test/results.xml")
stage "LLVM 22 tests"

# LLVM 19: the same sources built against Debian 12's LLVM 19 (the plugin,
# conclint-tidy and the conclint driver), then the check tests through the
# LLVM 19 plugin on libstdc++ at the lowest standard of each test (the LLVM
# 22 stage runs the others; conclint-tidy holds the same check objects;
# deb.test runs it from the installed package), the plugin's version guard,
# the LLVM 19 .deb, and the driver tests whose subject depends on the LLVM:
# same-output-across-llvm.test (the LLVM 19 driver's reports against the
# LLVM 22 one's, byte for byte, in every format), its bad input and exit
# codes, fixes, the cache and the project-wide link. The rest of the driver
# tests (41 in all; about 7 more minutes on 2 cores) run with
# CONCLINT_LLVM19_DRIVER_TESTS=all. Kept this small for CI time.
#
# The tree is a test tree of its own, built without optimisation: it only
# has to show that the sources build and behave the same on LLVM 19, and at
# -O0 it builds in half the time while its tests take about 10% longer
# (docs/reliability.md, CI time). Its own directory, so that the README's
# build-19 (the LLVM 19 plugin people use) never picks up these flags.
if [ "${CONCLINT_SKIP_LLVM19:-0}" != 1 ]; then
  B19=${CONCLINT_BUILD19_DIR:-build-19-test}
  cmake -S . -B "$B19" -G Ninja -DCONCLINT_WERROR=ON -DCONCLINT_LLVM_VERSION=19 \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O0 -DNDEBUG" >/dev/null
  ninja -C "$B19" conclint-plugin conclint-plugin-wrong-version conclint-tidy conclint
  drv19=()
  for t in same-output-across-llvm bad-input exit-codes fix cache project-race project-lock-order; do
    drv19+=("$B19/test/driver/$t.test")
  done
  if [ "${CONCLINT_LLVM19_DRIVER_TESTS:-subset}" = all ]; then
    # bazel-example.test needs Bazel, and what it tests does not depend on the LLVM.
    drv19=("$B19/test/driver" --filter-out 'bazel-example\.test')
  fi
  /usr/lib/llvm-22/bin/lit -sv "$B19/test/checks" "$B19/test/harness" "$B19/test/install/deb.test" "$B19/test/install/deb-no-clangd.test" \
    "${drv19[@]}" \
    -Dstdlibs=libstdc++ -Dfrontends=plugin -Dstandards=min -Dother_driver="$BUILD/driver/conclint/conclint" \
    --xunit-xml-output "$B19/test/results.xml" || rc=$?
  results+=("$B19/test/results.xml")
  stage "LLVM 19 build and tests"
fi

python3 - "${results[@]}" <<'PY'
import sys, xml.etree.ElementTree as ET
tests = failed = skipped = 0
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    tests += sum(int(s.get("tests", 0)) for s in suites)
    failed += sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped += sum(int(s.get("skipped", 0)) for s in suites)
print("%d passed, %d failed, %d skipped" % (tests - failed - skipped, failed, skipped))
PY
exit $rc
