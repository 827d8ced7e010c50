# Rows of the 2026-12-03T0620Z-base run gone in the 2026-12-03T1155Z-fx run
# (issue 13; the driver of the lead's two changes of 2026-12-03: a guard
# built from another guard, and the members a call touches). The verdicts
# of the rows stay where they are (unguarded-shared-state.py,
# unguarded-unsampled.py): they are verdicts on those runs. Both rows were
# false positives; the run's other rows are the base run's, row for row
# (see the run's README).

US = "conclint-unguarded-shared-state"

FIXED = [
    (US, "US-THREAD-KEYED-ELEMENTS", 1, "2026-12-03T0620Z-base",
     "the insert ran under `upgrade_to_unique_lock uguard{guard}`, a guard "
     "whose constructor takes the upgrade guard's lockable (`release()`) and "
     "converts it with `unlock_upgrade_and_lock()`: such a guard now holds "
     "the other guard's lock exclusively (utils/SyncTypes, utils/Lockset), "
     "so the write is no longer one under a shared hold that a shared "
     "reader races (caf logger.cpp:300)",
     "test/checks/unguarded-shared-state-upgrade-guard.cpp", "NameCache_ok"),
    (US, "US-LOCK-FREE-OBJECT", 1, "2026-12-03T0620Z-base",
     "a member call of a user class touches the members its body names "
     "(utils/FieldEffects): the producers' `_cpipe.write()`/`flush()` under "
     "`_sync` move the pipe's back pointers, the owner's `_cpipe.read()` its "
     "front pointers, and they share only the atomic `_c` (zeromq "
     "mailbox.cpp:73)",
     "test/checks/unguarded-shared-state-field-effects.cpp", "Mailbox_ok"),
]
