// Every conclint bool option is read as upstream clang-tidy checks read theirs
// (OptionsView::get<bool>): true/True/TRUE, yes/Yes/YES, y/Y, on/On/ON, their
// false counterparts (false, no, n, off), or an integer (0 is false, any other
// is true). Anything else draws one "invalid configuration value" warning
// naming the option, and the default is used; it never stops the run.
//
// RUN: %conclint_tidy --checks='-*,conclint-*' --config="{CheckOptions: {conclint-missing-join.WarnOnDetach: maybe, conclint-thread-per-task.ReportIdenticalWorkers: tRue, conclint-unguarded-shared-state.ConfigureBeforeStart: ' FALSE ', conclint-cpu-bound-on-event-loop.LinearScansAreHeavy: '', conclint-gil-held-cpu-work.LinearScansAreHeavy: 1.0}}" %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=BAD --implicit-check-not='invalid configuration'
// BAD-DAG: warning: invalid configuration value 'maybe' for option 'conclint-missing-join.WarnOnDetach'; expected a bool [clang-tidy-config]
// BAD-DAG: warning: invalid configuration value 'tRue' for option 'conclint-thread-per-task.ReportIdenticalWorkers'; expected a bool [clang-tidy-config]
// BAD-DAG: warning: invalid configuration value ' FALSE ' for option 'conclint-unguarded-shared-state.ConfigureBeforeStart'; expected a bool [clang-tidy-config]
// BAD-DAG: warning: invalid configuration value '' for option 'conclint-cpu-bound-on-event-loop.LinearScansAreHeavy'; expected a bool [clang-tidy-config]
// BAD-DAG: warning: invalid configuration value '1.0' for option 'conclint-gil-held-cpu-work.LinearScansAreHeavy'; expected a bool [clang-tidy-config]
//
// After an invalid value each check keeps its default.
// RUN: %conclint_tidy --checks='-*,conclint-*' --config="{CheckOptions: {conclint-missing-join.WarnOnDetach: maybe, conclint-unguarded-shared-state.ConfigureBeforeStart: ' FALSE '}}" --dump-config %s -- -std=c++20 | FileCheck %s --check-prefix=DEFAULTS
// DEFAULTS-DAG: conclint-missing-join.WarnOnDetach: 'false'
// DEFAULTS-DAG: conclint-unguarded-shared-state.ConfigureBeforeStart: 'true'
//
// Good spellings draw no configuration warning, and --dump-config writes them
// back as true/false.
// RUN: %conclint_tidy --checks='-*,conclint-*' --config="{CheckOptions: {conclint-missing-join.WarnOnDetach: TRUE, conclint-thread-per-task.ReportIdenticalWorkers: 1, conclint-unguarded-shared-state.ConfigureBeforeStart: False, conclint-cpu-bound-on-event-loop.LinearScansAreHeavy: 0, conclint-gil-held-cpu-work.LinearScansAreHeavy: yes}}" %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=GOOD --allow-empty
// GOOD-NOT: invalid configuration value
// RUN: %conclint_tidy --checks='-*,conclint-*' --config="{CheckOptions: {conclint-missing-join.WarnOnDetach: 'on', conclint-thread-per-task.ReportIdenticalWorkers: 2, conclint-unguarded-shared-state.ConfigureBeforeStart: 'No', conclint-cpu-bound-on-event-loop.LinearScansAreHeavy: 'Y', conclint-gil-held-cpu-work.LinearScansAreHeavy: 'OFF'}}" --dump-config %s -- -std=c++20 | FileCheck %s --check-prefix=DUMP
// DUMP-DAG: conclint-missing-join.WarnOnDetach: 'true'
// DUMP-DAG: conclint-thread-per-task.ReportIdenticalWorkers: 'true'
// DUMP-DAG: conclint-unguarded-shared-state.ConfigureBeforeStart: 'false'
// DUMP-DAG: conclint-cpu-bound-on-event-loop.LinearScansAreHeavy: 'true'
// DUMP-DAG: conclint-gil-held-cpu-work.LinearScansAreHeavy: 'false'
//
// The stock clang-tidy with the plugin reads them the same way.
// RUN: %stock_clang_tidy -load=%conclint_plugin --checks='-*,conclint-*' --config="{CheckOptions: {conclint-missing-join.WarnOnDetach: maybe}}" %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=PLUGIN --implicit-check-not='invalid configuration'
// PLUGIN: warning: invalid configuration value 'maybe' for option 'conclint-missing-join.WarnOnDetach'; expected a bool [clang-tidy-config]

int main() { return 0; }
