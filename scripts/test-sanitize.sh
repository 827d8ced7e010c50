#!/usr/bin/env bash
# The second test command: conclint under AddressSanitizer and
# UndefinedBehaviorSanitizer (leaks included). conclint-tidy and the conclint
# driver are built instrumented in their own tree
# (-DCONCLINT_SANITIZE=address,undefined); then through them run the main
# test of every check, the notes tests of the two checks with the deepest
# call walks, the deep-expression fuzz test (one front-end, libstdc++, the
# lowest standard of each test), and the driver's tests of
# bad and hostile input and of the project-wide link phase. Any sanitizer
# report makes the tool exit non-zero, which fails the test.
# CONCLINT_SANITIZE_TESTS=all runs every check test instead (about 4x
# longer). Kept apart from scripts/test.sh for CI time; .ci/run runs both.
# docs/reliability.md has its cost.
set -euo pipefail
cd "$(dirname "$0")/.."
t0=$SECONDS

bash scripts/bootstrap.sh
BS=${CONCLINT_BUILD_SANITIZE_DIR:-build-sanitize}
cmake -S . -B "$BS" -G Ninja -DCONCLINT_WERROR=ON -DCONCLINT_SANITIZE=address,undefined >/dev/null
ninja -C "$BS" conclint-tidy conclint
echo "conclint-test: stage 'ASan+UBSan build' took $((SECONDS - t0)) s"
t0=$SECONDS

# The plugin front-end cannot run instrumented code inside the stock
# clang-tidy, so bool-options.cpp (which also loads the plugin) is left out.
san_tests=("$BS/test/checks" "$BS/test/fuzz/deep-expression.test")
if [ "${CONCLINT_SANITIZE_TESTS:-subset}" != all ]; then
  san_tests=("$BS/test/fuzz/deep-expression.test")
  for t in missing-join unguarded-shared-state unguarded-shared-state-notes \
           thread-per-task cpu-bound-on-event-loop blocking-call-in-coroutine \
           gil-held-cpu-work gil-held-cpu-work-notes \
           blocking-call-under-lock unreleased-lock lock-order-inversion \
           double-lock task-never-awaited detached-exception-lost \
           dangling-capture-in-handoff fork-after-threads; do
    san_tests+=("$BS/test/checks/$t.cpp")
  done
fi
san_tests+=("$BS/test/driver/bad-input.test" "$BS/test/driver/hostile-input.test"
            "$BS/test/driver/project-race.test" "$BS/test/driver/project-blocking.test"
            "$BS/test/driver/project-lock-order.test")
rc=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  /usr/lib/llvm-22/bin/lit -sv "${san_tests[@]}" \
  -Dstdlibs=libstdc++ -Dfrontends=tidy -Dstandards=min --filter-out='bool-options' \
  --xunit-xml-output "$BS/test/results.xml" || rc=$?
echo "conclint-test: stage 'ASan+UBSan tests' took $((SECONDS - t0)) s"
exit $rc
