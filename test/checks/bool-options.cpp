// Every conclint bool option is read the same way (utils::readBoolOption):
// "true"/"false"/"1"/"0" in any case, anything else is reported as a
// configuration error naming the option, and the default is used.
//
// RUN: %conclint_tidy --checks='-*,conclint-*' --config="{CheckOptions: {conclint-missing-join.WarnOnDetach: maybe, conclint-thread-per-task.ReportIdenticalWorkers: sometimes, conclint-unguarded-shared-state.ConfigureBeforeStart: 'on', conclint-cpu-bound-on-event-loop.LinearScansAreHeavy: yes, conclint-gil-held-cpu-work.LinearScansAreHeavy: 2}}" %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=BAD
// BAD-DAG: invalid configuration value 'maybe' for option 'WarnOnDetach'; expected a bool
// BAD-DAG: invalid configuration value 'sometimes' for option 'ReportIdenticalWorkers'; expected a bool
// BAD-DAG: invalid configuration value 'on' for option 'ConfigureBeforeStart'; expected a bool
// BAD-DAG: invalid configuration value 'yes' for option 'LinearScansAreHeavy'; expected a bool
// BAD-DAG: invalid configuration value '2' for option 'LinearScansAreHeavy'; expected a bool
//
// Good spellings draw no configuration error, and --dump-config writes them
// back as true/false.
// RUN: %conclint_tidy --checks='-*,conclint-*' --config="{CheckOptions: {conclint-missing-join.WarnOnDetach: TRUE, conclint-thread-per-task.ReportIdenticalWorkers: 1, conclint-unguarded-shared-state.ConfigureBeforeStart: False, conclint-cpu-bound-on-event-loop.LinearScansAreHeavy: 0}}" %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=GOOD --allow-empty
// GOOD-NOT: invalid configuration value
// RUN: %conclint_tidy --checks='-*,conclint-*' --config="{CheckOptions: {conclint-missing-join.WarnOnDetach: TRUE, conclint-unguarded-shared-state.ConfigureBeforeStart: 0}}" --dump-config %s -- -std=c++20 | FileCheck %s --check-prefix=DUMP
// DUMP-DAG: conclint-missing-join.WarnOnDetach: 'true'
// DUMP-DAG: conclint-unguarded-shared-state.ConfigureBeforeStart: 'false'

int main() { return 0; }
