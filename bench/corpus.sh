#!/usr/bin/env bash
# Fetch and prepare the real-world corpus for the conclint benchmark.
#
#   bash bench/corpus.sh            # idempotent: only missing steps run
#   bash bench/corpus.sh --clean    # forget everything under bench/corpus/
#
# Reads the pinned package versions from bench/corpus.lock, fetches them from
# Debian bookworm (apt-get source / apt-get download), unpacks them under
# bench/corpus/src/, configures each project so that it writes a
# compile_commands.json (CMake, Meson, bear, or a generated one for asio's
# examples) under bench/corpus/build/, and finally lets bench/select_tus.py
# pick the deterministic subset of translation units the benchmark runs on:
# bench/corpus/db/compile_commands.json.
#
# Nothing here is committed: bench/corpus/ is git-ignored.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CORPUS=${CONCLINT_CORPUS_DIR:-$HERE/corpus}
LOCK=$HERE/corpus.lock
CXX=${CONCLINT_BENCH_CXX:-clang++-22}
CC=${CONCLINT_BENCH_CC:-clang-22}

log() { printf 'corpus: %s\n' "$*" >&2; }
die() { printf 'corpus: error: %s\n' "$*" >&2; exit 2; }

if [[ ${1:-} == --clean ]]; then
  rm -rf "$CORPUS"
  log "removed $CORPUS"
  exit 0
fi

SUDO=
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi

# --- 1. apt: deb-src entries and the packages the preparation needs ---------
need_update=0
if ! grep -rqs -E '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  log "adding a deb-src entry for bookworm (/etc/apt/sources.list.d/conclint-bench-src.sources)"
  $SUDO tee /etc/apt/sources.list.d/conclint-bench-src.sources >/dev/null <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  need_update=1
fi
if [[ $need_update -eq 1 ]] || [[ -z $(apt-cache showsrc leveldb 2>/dev/null | head -1) ]]; then
  log "apt-get update"
  $SUDO apt-get update -qq
fi

PKGS=(dpkg-dev cmake ninja-build meson pkg-config bear time python3
      clang-22 clang-tidy-22 libasio-dev
      libfmt-dev libzstd-dev libssl-dev zlib1g-dev libbrotli-dev libgtest-dev catch2)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$CORPUS"/{dl,src,build}
# apt's sandbox user must be able to write where the files land.
chmod 0777 "$CORPUS/dl" 2>/dev/null || true

# --- 2. fetch and unpack the pinned packages --------------------------------
fetch_source() { # project pkg=version -> src/<project>
  local proj=$1 spec=$2 dl=$CORPUS/dl/$1
  [[ -f $CORPUS/src/$proj/.conclint-ok ]] && return 0
  rm -rf "$dl" "$CORPUS/src/$proj"; mkdir -p "$dl"; chmod 0777 "$dl" 2>/dev/null || true
  log "apt-get source $spec"
  (cd "$dl" && apt-get source --download-only -qq "$spec" >/dev/null 2>"$dl/apt.err") || {
    sed 's/^/    /' "$dl/apt.err" >&2; return 1; }
  local dsc; dsc=$(ls "$dl"/*.dsc)
  # dpkg-source verifies the checksums listed in the .dsc and applies
  # Debian's patches, i.e. this is the code Debian builds.
  # (apt already checked the .dsc against the signed Sources index; gpgv's
  # "no public key" for the uploader's own signature is expected here.)
  dpkg-source -q -x "$dsc" "$CORPUS/src/$proj" >"$dl/dpkg-source.log" 2>&1 || {
    cat "$dl/dpkg-source.log" >&2; return 1; }
  (cd "$dl" && sha256sum ./*) > "$CORPUS/src/$proj/.conclint-sha256"
  touch "$CORPUS/src/$proj/.conclint-ok"
}
fetch_doc_deb() { # project pkg=version -> src/<project>
  local proj=$1 spec=$2 dl=$CORPUS/dl/$1
  [[ -f $CORPUS/src/$proj/.conclint-ok ]] && return 0
  rm -rf "$dl" "$CORPUS/src/$proj"; mkdir -p "$dl" "$CORPUS/src/$proj"
  chmod 0777 "$dl" 2>/dev/null || true
  log "apt-get download $spec"
  (cd "$dl" && apt-get download -qq "$spec" >/dev/null 2>"$dl/apt.err") || {
    sed 's/^/    /' "$dl/apt.err" >&2; return 1; }
  dpkg-deb -x "$dl"/*.deb "$CORPUS/src/$proj"
  (cd "$dl" && sha256sum ./*.deb) > "$CORPUS/src/$proj/.conclint-sha256"
  touch "$CORPUS/src/$proj/.conclint-ok"
}

AVAILABLE=()
while read -r proj how spec required; do
  [[ -z $proj || $proj == \#* ]] && continue
  ok=1
  case $how in
    source)  fetch_source "$proj" "$spec" || ok=0 ;;
    doc-deb) fetch_doc_deb "$proj" "$spec" || ok=0 ;;
    *) die "corpus.lock: unknown kind '$how' for $proj" ;;
  esac
  if [[ $ok -eq 0 ]]; then
    if [[ $required == yes ]]; then die "could not fetch $spec (required)"; fi
    log "skipping $proj: $spec could not be fetched from this machine's mirror (optional)"
    continue
  fi
  AVAILABLE+=("$proj")
done < "$LOCK"

# --- 3. configure each project so it writes compile_commands.json -----------
cmake_cfg() { # project srcdir cmake-args...
  local proj=$1 src=$2; shift 2
  local b=$CORPUS/build/$proj
  [[ -f $b/compile_commands.json ]] && return 0
  log "configuring $proj (cmake)"
  cmake -S "$src" -B "$b" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON "$@" >"$b.log" 2>&1 || {
      tail -20 "$b.log" >&2; return 1; }
}

configure() {
  local proj=$1 src=$CORPUS/src/$1
  case $proj in
    leveldb)
      cmake_cfg leveldb "$src" -DLEVELDB_BUILD_TESTS=OFF -DLEVELDB_BUILD_BENCHMARKS=OFF \
        -DLEVELDB_INSTALL=OFF ;;
    spdlog)
      # Library, example and the test-suite (bundled Catch2 single header).
      cmake_cfg spdlog "$src" -DSPDLOG_FMT_EXTERNAL=ON -DSPDLOG_BUILD_EXAMPLE=ON \
        -DSPDLOG_BUILD_TESTS=ON ;;
    zeromq)
      cmake_cfg zeromq "$src" -DBUILD_TESTS=OFF -DWITH_DOCS=OFF -DWITH_LIBSODIUM=OFF \
        -DWITH_LIBBSD=OFF -DENABLE_DRAFTS=OFF -DBUILD_STATIC=OFF ;;
    ccache)
      cmake_cfg ccache "$src" -DREDIS_STORAGE_BACKEND=OFF -DENABLE_TESTING=OFF \
        -DENABLE_DOCUMENTATION=OFF -DZSTD_FROM_INTERNET=OFF -DHIREDIS_FROM_INTERNET=OFF ;;
    cpp-httplib)
      # Debian builds it with Meson; its test-suite is the big TU. Meson
      # writes compile_commands.json at setup time.
      local b=$CORPUS/build/cpp-httplib
      if [[ ! -f $b/meson/compile_commands.json ]]; then
        log "configuring cpp-httplib (meson)"
        mkdir -p "$b"
        CXX=$CXX CC=$CC meson setup "$b/meson" "$src" -Dcpp-httplib_test=true \
          >"$b/meson.log" 2>&1 || { tail -20 "$b/meson.log" >&2; return 1; }
      fi
      # The examples have only a Makefile: record their compile commands with
      # bear while building them (-k: keep going).
      if [[ ! -f $b/examples/compile_commands.json ]]; then
        log "building cpp-httplib examples under bear"
        rm -rf "$b/examples"; cp -r "$src/example" "$b/examples"
        sed -i 's|-I\.\.|-I'"$src"'|; s|\.\./httplib\.h||' "$b/examples/Makefile"
        (cd "$b/examples" && bear --output "$b/examples/compile_commands.json" -- \
           make -k -j2 CXX="$CXX" OPENSSL_DIR=/usr BROTLI_DIR=/usr \
           >"$b/examples.log" 2>&1) || true
        [[ -s $b/examples/compile_commands.json ]] || { tail -20 "$b/examples.log" >&2; return 1; }
      fi ;;
    asio)
      local want have
      want=$(awk '$1=="asio"{print $3}' "$LOCK"); want=${want#*=}
      have=$(dpkg-query -W -f='${Version}' libasio-dev)
      [[ $want == "$have" ]] || log "warning: libasio-dev is $have but the examples are $want"
      local b=$CORPUS/build/asio
      mkdir -p "$b"
      if [[ ! -f $b/compile_commands.json ]]; then
        log "writing asio's compile_commands.json"
        python3 - "$src/usr/share/doc/libasio-dev/examples" "$b/compile_commands.json" "$CXX" <<'PY'
import json, os, sys
ex, out, cxx = sys.argv[1:]
cmds = []
for root, _, files in os.walk(ex):
    for f in sorted(files):
        if not f.endswith('.cpp'):
            continue
        path = os.path.join(root, f)
        # The C++20 coroutine examples live in cpp17/coroutines_ts in 1.22.
        args = [cxx, '-std=c++20', '-DASIO_HAS_CO_AWAIT=1', '-DASIO_STANDALONE',
                '-pthread', '-I/usr/include', '-c', path, '-o', path + '.o']
        cmds.append({'directory': root, 'file': path, 'arguments': args})
cmds.sort(key=lambda c: c['file'])
with open(out, 'w') as fh:
    json.dump(cmds, fh, indent=1)
PY
      fi ;;
    *) die "no recipe to configure $proj" ;;
  esac
}

PREPARED=()
for proj in "${AVAILABLE[@]}"; do
  if configure "$proj"; then
    PREPARED+=("$proj")
  else
    required=$(awk -v p="$proj" '$1==p{print $4}' "$LOCK")
    [[ $required == yes ]] && die "configuring $proj failed (see $CORPUS/build/$proj*.log)"
    log "skipping $proj: configuring failed (optional)"
  fi
done

# --- 4. select the benchmark's translation units ----------------------------
python3 "$HERE/select_tus.py" --corpus "$CORPUS" --lock "$LOCK" "${PREPARED[@]}"
