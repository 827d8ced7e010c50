#!/bin/sh
# One conclint analysis action of the Bazel aspect (conclint.bzl):
#   conclint_action.sh CONCLINT OUT_RESULTS OUT_TEXT SOURCE -- COMPILER_ARGS...
# Writes a one-entry compilation database for SOURCE inside the action's own
# directory and runs the driver on it as a complete one-TU run
# (--shard=1/1): its results file has paths relative to the execution root
# (the workspace's paths) and no time stamps, so its bytes depend only on the
# inputs. The readable text report of the same TU goes to OUT_TEXT.
set -eu
conclint=$1 out=$2 text=$3 src=$4
shift 4
[ "$1" = "--" ] && shift
db="$out.db"
mkdir -p "$db"
root=$(pwd)
# A JSON string for each argument (compile flags rarely need escaping; quotes
# and backslashes do).
json_str() { printf '"%s"' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g')"; }
{
  printf '[{"directory": %s, "file": %s, "arguments": [' "$(json_str "$root")" "$(json_str "$src")"
  sep=""
  for a in clang++ "$@" -c "$src"; do printf '%s%s' "$sep" "$(json_str "$a")"; sep=", "; done
  printf ']}]\n'
} > "$db/compile_commands.json"
"$conclint" -p "$db" --no-cache --project-root="$root" --progress=never \
  --shard=1/1 -o "$out" "$src"
rc=0
"$conclint" merge --project-root="$root" -o "$text" "$out" 2>/dev/null || rc=$?
rm -rf "$db"
# 0: no findings, 1: findings, 3: the TU could not be analysed (said in the
# results): all are results. 2 is a usage or input error.
[ "$rc" -ne 2 ]
