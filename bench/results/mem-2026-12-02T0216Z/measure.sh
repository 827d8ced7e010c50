#!/bin/bash
# usage: measure.sh TAG BIN CHECKS FILE...  -> prints "TAG checks file rss_kb user sys" and writes findings
TAG=$1; BIN=$2; CHECKS=$3; shift 3
for F in "$@"; do
  base=$(echo "$F" | sed 's|/work/corpus/src/||; s|/|_|g')
  out=/tmp/mem/out/$TAG.$(echo $CHECKS | tr -c 'a-z0-9\n' '_').$base
  mkdir -p /tmp/mem/out
  /usr/bin/time -f "%M %U %S" -o $out.time nice -n 10 $BIN -p /work/corpus/db --config={} --checks="$CHECKS" --quiet "$F" > $out.txt 2>$out.err
  echo "$TAG $CHECKS $base $(cat $out.time | tail -1) findings=$(grep -c 'warning:' $out.txt)"
done
