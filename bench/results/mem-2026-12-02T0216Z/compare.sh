#!/bin/bash
# side by side: base vs new, per check set and TU; findings diffed
NEW=/work/wt/mem/build/driver/conclint-tidy
BASE=/tmp/mem-base/conclint-tidy
TUS="/work/corpus/src/cpp-httplib/test/test.cc /work/corpus/src/asio/usr/share/doc/libasio-dev/examples/cpp11/echo/blocking_tcp_echo_server.cpp /work/corpus/src/rocksdb/db/compaction/compaction_job.cc /work/corpus/src/libtorrent/src/disk_io_thread_pool.cpp /work/corpus/src/spdlog/tests/test_async.cpp /work/corpus/src/leveldb/util/env_posix.cc"
[ -n "$1" ] && TUS="$1"
for F in $TUS; do
 for C in '-*,conclint-lock-order-inversion' '-*,conclint-thread-per-task' '-*,conclint-unguarded-shared-state' '-*,conclint-*'; do
  /tmp/mem/measure.sh base $BASE "$C" $F
  /tmp/mem/measure.sh new $NEW "$C" $F
  b=/tmp/mem/out/base.$(echo $C | tr -c 'a-z0-9\n' '_').$(echo "$F" | sed 's|/work/corpus/src/||; s|/|_|g')
  n=${b/base./new.}
  if diff -q <(sed 's|/tmp/mem-base/||' $b.txt) $n.txt >/dev/null; then echo "  findings identical"; else echo "  FINDINGS DIFFER"; fi
 done
done
