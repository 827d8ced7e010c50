#!/bin/bash
# The warm link of a whole corpus after one edit, old driver beside new, on
# fixed summaries (docs/summaries.md, "Pruned as it loads"). A new conclint
# build misses every entry of a cache another build wrote, and a results
# file of the whole corpus costs `conclint merge` 17 GB to parse, so the
# summaries are taken once from the cache by the driver that wrote it, and
# each driver links them through `conclint merge --internal-summaries`
# (one summary a line) with its own kept program (--internal-link-cache).
#
#   bash bench/relink-corpus.sh CACHE_DRIVER CACHE DB EDIT OLD NEW OUT [ROUNDS]
#
# CACHE_DRIVER: the conclint that wrote CACHE (a copy: the shards read it)
#   from DB/compile_commands.json with bench/findings.py's flags.
# EDIT: a substring of one TU's "file": copied to OUT/src with a line
#   inserted at its top (every location of its summary moves).
# OLD, NEW: each links the unedited summaries cold (its kept program is
# written), then, ROUNDS times (default 3), alternating, the edited ones
# (warm: one summary parsed on top of the kept program) and the unedited
# ones (warm, nothing changed). Stores and reports must be identical.
set -eu
CD=$1 CACHE=$2 DB=$3 EDIT=$4 OLD=$5 NEW=$6 O=$7 N=${8:-3}
mkdir -p "$O/src" "$O/db-edit" "$O/out" && O=$(cd "$O" && pwd)
python3 - "$DB/compile_commands.json" "$EDIT" "$O" <<'PY'
import json, os, sys
db, edit, out = sys.argv[1:]
d = json.load(open(db))
hits = [e for e in d if edit in e["file"]]
assert len(hits) == 1, "EDIT must name exactly one TU"
e = hits[0]
src = e["file"] if os.path.isabs(e["file"]) else os.path.join(e["directory"], e["file"])
dst = os.path.join(out, "src", os.path.basename(src))
open(dst, "w").write("// relink edit\n" + open(src).read())
if "arguments" in e:
    e["arguments"] = [dst if a in (e["file"], src) else a for a in e["arguments"]]
    e["arguments"][1:1] = ["-iquote", os.path.dirname(src)]
else:
    e["command"] = e["command"].replace(" " + src, " " + dst).replace(
        " " + e["file"], " " + dst) + " -iquote " + os.path.dirname(src)
e["file"] = dst
json.dump(d, open(os.path.join(out, "db-edit", "compile_commands.json"), "w"), indent=1)
PY
HF="^($(dirname "$DB")/src/|/usr/include/asio/)"
for v in a e; do
  db=$DB; [ $v = e ] && db=$O/db-edit
  (cd "$O" && nice -n 5 "$CD" -p "$db" '--checks=-*,conclint-*' '--config={}' -j 2 \
     "--header-filter=$HF" --cache-dir="$CACHE" --progress=never --shard=1/1 \
     -o "$O/shard-$v.json" --stats)
  python3 -c "
import json, sys
d = json.load(open(sys.argv[1]))
with open(sys.argv[2], 'w') as out:
    for s in d['summaries']:
        out.write(('null' if s is None else json.dumps(s, separators=(',', ':'), ensure_ascii=False)) + '\n')
" "$O/shard-$v.json" "$O/sums-$v.txt"
  rm "$O/shard-$v.json"
done
S=$O/summary.txt
{ date -u; uptime; } >> "$S"
merge() { # BIN LABEL SUMS NAME
  (cd "$O" && /usr/bin/time -f "%e s wall, %M kB" nice -n 5 "$1" merge --stats \
     --internal-link-cache="$O/lc-$2" --internal-summaries="$O/sums-$3.txt" \
     --summary-store="$O/out/$4.store" --format=json -o "$O/out/$4.json" \
     > "$O/out/$4.log" 2>&1) || true
  echo "$4: $(grep -E 'link:|wall' "$O/out/$4.log" | tr '\n' ' ')" >> "$S"
}
rm -rf "$O/lc-old" "$O/lc-new"
merge "$OLD" old a old-cold
merge "$NEW" new a new-cold
for i in $(seq "$N"); do
  merge "$OLD" old e old-edit$i; merge "$NEW" new e new-edit$i
  merge "$OLD" old a old-warm$i; merge "$NEW" new a new-warm$i
done
{ date -u; uptime; } >> "$S"
for i in $(seq "$N"); do
  for x in edit warm; do
    ref=$O/out/old-$x$i; [ $x = warm ] && ref=$O/out/old-cold
    for b in old new; do
      cmp "$ref.store" "$O/out/$b-$x$i.store" && cmp "$ref.json" "$O/out/$b-$x$i.json" \
        || echo "DIFFERENT: $b-$x$i" >> "$S"
    done
  done
done
cmp "$O/out/old-cold.store" "$O/out/new-cold.store" || echo "DIFFERENT: cold" >> "$S"
cat "$S"
