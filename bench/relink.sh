#!/bin/bash
# The link phase of a warm run, side by side in one run (the machine is shared
# and noisy: compare within a run, not across runs): the new driver keeps the
# merged program between runs (driver/conclint/KeptProgram.h); the old one
# parses every cached summary on every link.
#
#   bash bench/relink.sh OLD_CONCLINT NEW_CONCLINT DB_DIR EDIT OUT
#
# DB_DIR/compile_commands.json: the TUs (e.g. a subset of the corpus's).
# EDIT: a substring of the "file" of one of them, the one "edited": its main
#   file is copied to OUT/src and its entry pointed there (the corpus is never
#   written), and each edit inserts a line at its top, so every location of
#   its summary moves.
# Every run writes only under OUT (cache, stores, reports).
#
# Sequence: NEW cold (no cache, no kept program); NEW warm twice; the same
# summaries linked by OLD through `conclint merge` of a shard results file
# (OLD's link parses every summary, as in its warm runs) twice, and by NEW
# the same way (no cache: no kept program); NEW after each of two edits;
# NEW with a copy of the cache without its kept program (a cold link of the
# same summaries). Reports (without their counts) and stores are compared:
# warm = cold, edited = the cold link of the same summaries, OLD's merge =
# NEW's merge.
set -u
OLD=$1 NEW=$2 DB=$3 EDIT=$4 O=$5
mkdir -p "$O" && O=$(cd "$O" && pwd)
rm -rf "$O/db" "$O/src" "$O/cache" "$O/cache-ref" "$O/store" "$O/out"
mkdir -p "$O/db" "$O/src" "$O/store" "$O/out"
F=$(python3 - "$DB/compile_commands.json" "$EDIT" "$O" <<'EOF'
import json, os, shutil, sys
db, edit, out = sys.argv[1:]
d = json.load(open(db))
hits = [e for e in d if edit in e["file"]]
assert len(hits) == 1, "EDIT must name exactly one TU, not %d" % len(hits)
e = hits[0]
src = e["file"] if os.path.isabs(e["file"]) else os.path.join(e["directory"], e["file"])
dst = os.path.join(out, "src", os.path.basename(src))
shutil.copy(src, dst)
# Its quoted includes still resolve from its own directory.
if "arguments" in e:
    e["arguments"] = [dst if a in (e["file"], src) else a for a in e["arguments"]]
    e["arguments"][1:1] = ["-iquote", os.path.dirname(src)]
else:
    e["command"] = e["command"].replace(" " + src, " " + dst).replace(
        " " + e["file"], " " + dst) + " -iquote " + os.path.dirname(src)
e["file"] = dst
json.dump(d, open(os.path.join(out, "db", "compile_commands.json"), "w"), indent=1)
print(dst)
EOF
) || exit 2
S=$O/summary.txt
: > "$S"
common=(--config={} -j 2 "--checks=-*,conclint-*" --stats)
run() { # NAME [CACHE]
  /usr/bin/time -f "%e s wall" nice -n 10 "$NEW" -p "$O/db" "${common[@]}" \
    --cache-dir="${2:-$O/cache}" --summary-store="$O/store/$1" \
    --format=json -o "$O/out/$1.json" > "$O/out/$1.log" 2>&1
  echo "new $1: $(grep -E 'link:|wall|translation units' "$O/out/$1.log" | tr '\n' ' ')" >> "$S"
}
shard() {
  nice -n 10 "$NEW" -p "$O/db" "${common[@]}" --cache-dir="$O/cache" \
    --shard=1/1 -o "$O/out/shard-$1.json" 2>/dev/null
}
merge() { # BIN LABEL NAME SHARD
  (cd "$O" && /usr/bin/time -f "%e s wall" nice -n 10 "$1" merge --stats \
     --summary-store="$O/store/$3" --format=json -o "$O/out/$3.json" \
     "$O/out/shard-$4.json" > "$O/out/$3.log" 2>&1)
  echo "$2 merge $3: $(grep -E 'link:|wall' "$O/out/$3.log" | tr '\n' ' ')" >> "$S"
}
{ date -u; uptime; } >> "$S"
run cold
run warm1
shard a
merge "$OLD" old old-merge1 a
run warm2
merge "$OLD" old old-merge2 a
merge "$NEW" new new-merge a
for i in 1 2; do sed -i "1i // relink edit $i" "$F"; run edit$i; done
cp -r "$O/cache" "$O/cache-ref" && rm -f "$O/cache-ref/link-program"
run ref "$O/cache-ref"
{ date -u; uptime; } >> "$S"
python3 - "$O" >> "$S" <<'EOF'
import filecmp, json, sys
o = sys.argv[1]
def report(n):
    d = json.load(open("%s/out/%s.json" % (o, n)))
    d.pop("summary")
    return d
def same_store(a, b):
    return filecmp.cmp("%s/store/%s" % (o, a), "%s/store/%s" % (o, b), shallow=False)
print("reports: warm = cold:", report("warm1") == report("cold") == report("warm2"))
print("reports: edited = cold link of the same summaries:", report("edit2") == report("ref"))
print("reports: old merge = new merge:", report("old-merge1") == report("new-merge"))
print("stores: warm = cold:", same_store("cold", "warm1") and same_store("cold", "warm2"))
print("stores: edited = cold link of the same summaries:", same_store("edit2", "ref"))
print("stores: old merge = new merge:", same_store("old-merge1", "new-merge"))
EOF
cat "$S"
