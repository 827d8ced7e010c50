#!/usr/bin/env bash
# Fetch and prepare the real-world corpus for the conclint benchmark.
#
#   bash bench/corpus.sh            # idempotent: only missing steps run
#   bash bench/corpus.sh --clean    # forget everything under bench/corpus/
#
# Reads the pinned package versions from bench/corpus.lock, fetches them from
# Debian bookworm (apt-get source / apt-get download), unpacks them under
# bench/corpus/src/, configures each project so that it writes a
# compile_commands.json under bench/corpus/build/ (the project's own CMake or
# Meson, offline against Debian's -dev packages; bear for cpp-httplib's
# examples; bench/gendb.py for examples without a build system), and finally
# lets bench/select_tus.py pick the deterministic subset of translation units
# the benchmark runs on: bench/corpus/db/compile_commands.json.
# Works on a fresh Debian 12 machine (as root or with sudo).
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

# The tools, and the -dev packages the projects configure and parse against
# (Debian's Build-Depends of each, as far as the selected code needs them).
PKGS=(dpkg-dev cmake ninja-build meson pkg-config bear time python3
      clang-22 clang-tidy-22 libasio-dev
      libfmt-dev libzstd-dev libssl-dev zlib1g-dev libbrotli-dev libgtest-dev catch2
      libboost-dev libboost-system-dev libboost-program-options-dev
      libboost-filesystem-dev libboost-thread-dev libboost-date-time-dev
      libboost-chrono-dev libboost-atomic-dev libboost-random-dev
      libboost-regex-dev libboost-locale-dev libboost-serialization-dev
      libboost-iostreams-dev libwebsocketpp-dev libexpat1-dev libpcre3-dev
      libzmq3-dev libsodium-dev libunbound-dev libminiupnpc-dev libhidapi-dev
      libreadline-dev libusb-1.0-0-dev librandomx-dev rapidjson-dev libunwind-dev
      qtbase5-dev qtbase5-dev-tools)
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
fetch_orig() { # project pkg=version -> src/<project>: the upstream tarball only
  local proj=$1 spec=$2 dl=$CORPUS/dl/$1
  [[ -f $CORPUS/src/$proj/.conclint-ok ]] && return 0
  rm -rf "$dl" "$CORPUS/src/$proj"; mkdir -p "$dl"; chmod 0777 "$dl" 2>/dev/null || true
  log "apt-get source --download-only $spec (the .orig tarball is enough)"
  # Fails as a whole when Debian's part answers 404; what arrived is checked.
  (cd "$dl" && apt-get source --download-only -qq "$spec" >/dev/null 2>"$dl/apt.err") || true
  local orig; orig=$(ls "$dl"/*.orig.tar.* 2>/dev/null | head -1)
  [[ -n $orig && -f $(ls "$dl"/*.dsc 2>/dev/null | head -1) ]] || {
    sed 's/^/    /' "$dl/apt.err" >&2; return 1; }
  # The .dsc came through apt's signed Sources index; its sha256 for the
  # tarball must match what we hold.
  local want have
  want=$(awk -v f="$(basename "$orig")" '/^Checksums-Sha256:/{c=1;next} /^[^ ]/{c=0} c&&$3==f{print $1}' "$dl"/*.dsc)
  have=$(sha256sum "$orig" | cut -d' ' -f1)
  [[ -n $want && $want == "$have" ]] || { log "checksum mismatch for $orig"; return 1; }
  mkdir -p "$CORPUS/src/$proj.tmp"
  tar -xf "$orig" -C "$CORPUS/src/$proj.tmp"
  mv "$CORPUS/src/$proj.tmp"/* "$CORPUS/src/$proj"; rmdir "$CORPUS/src/$proj.tmp"
  (cd "$dl" && sha256sum ./*.orig.tar.* ./*.dsc) > "$CORPUS/src/$proj/.conclint-sha256"
  touch "$CORPUS/src/$proj/.conclint-ok"
}
fetch_doc_deb() { # project pkg=version[,pkg=version...] -> src/<project>
  local proj=$1 specs=$2 dl=$CORPUS/dl/$1 spec
  [[ -f $CORPUS/src/$proj/.conclint-ok ]] && return 0
  rm -rf "$dl" "$CORPUS/src/$proj"; mkdir -p "$dl" "$CORPUS/src/$proj"
  chmod 0777 "$dl" 2>/dev/null || true
  for spec in ${specs//,/ }; do
    log "apt-get download $spec"
    (cd "$dl" && apt-get download -qq "$spec" >/dev/null 2>"$dl/apt.err") || {
      sed 's/^/    /' "$dl/apt.err" >&2; return 1; }
  done
  local deb
  for deb in "$dl"/*.deb; do dpkg-deb -x "$deb" "$CORPUS/src/$proj"; done
  (cd "$dl" && sha256sum ./*.deb) > "$CORPUS/src/$proj/.conclint-sha256"
  touch "$CORPUS/src/$proj/.conclint-ok"
}

AVAILABLE=()
while read -r proj how spec required; do
  [[ -z $proj || $proj == \#* ]] && continue
  ok=1
  case $how in
    source)  fetch_source "$proj" "$spec" || ok=0 ;;
    orig)    fetch_orig "$proj" "$spec" || ok=0 ;;
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

gen_db() { # project root gendb-args... -> build/<project>/compile_commands.json
  local proj=$1 root=$2; shift 2
  local b=$CORPUS/build/$proj
  [[ -f $b/compile_commands.json ]] && return 0
  log "writing $proj's compile_commands.json (bench/gendb.py)"
  python3 "$HERE/gendb.py" --out "$b/compile_commands.json" --root "$root" --cxx "$CXX" "$@"
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
      gen_db asio "$src/usr/share/doc/libasio-dev/examples" --std c++20 \
        -D ASIO_HAS_CO_AWAIT=1 -D ASIO_STANDALONE -I /usr/include '**/*.cpp' ;;
    concurrentqueue)
      gen_db concurrentqueue "$src/usr/share/doc/libconcurrentqueue-dev/examples" \
        -I "$src/usr/include" '*.cpp' ;;
    readerwriterqueue)
      gen_db readerwriterqueue "$src" -I "$src" 'tests/**/*.cpp' 'benchmarks/*.cpp' ;;
    libcds)
      # Library and its unit and stress tests (Debian builds the library).
      cmake_cfg libcds "$src" -DWITH_TESTS=ON ;;
    libtorrent)
      cmake_cfg libtorrent "$src" -Dbuild_tests=ON -Dbuild_examples=ON -Dpython-bindings=OFF ;;
    i2pd)
      cmake_cfg i2pd "$src/build" -DWITH_UPNP=OFF -DWITH_BINARY=ON ;;
    websocketpp)
      gen_db websocketpp "$src/usr/share/doc/libwebsocketpp-dev/examples" \
        -I "$src/usr/include" -I "$src/usr/share/doc/libwebsocketpp-dev/examples" '**/*.cpp' ;;
    cpprest)
      cmake_cfg cpprest "$src" -DBUILD_TESTS=ON -DBUILD_SAMPLES=ON -DWERROR=OFF ;;
    monero)
      # As debian/rules does: the second upstream tarball is supercop.
      [[ -e $src/external/supercop/functions.cmake ]] || {
        rm -rf "$src/external/supercop"; ln -sfT ../Xsupercop "$src/external/supercop"; }
      cmake_cfg monero "$src" -DARCH=default -DNO_AES=ON -DBUILD_TESTS=OFF \
        -DMANUAL_SUBMODULES=1 -DUSE_DEVICE_TREZOR=OFF ;;
    rocksdb)
      cmake_cfg rocksdb "$src" -DWITH_GFLAGS=OFF -DWITH_TESTS=OFF -DWITH_BENCHMARK_TOOLS=OFF \
        -DWITH_TOOLS=OFF -DWITH_CORE_TOOLS=OFF -DFAIL_ON_WARNINGS=OFF -DWITH_EXAMPLES=ON ;;
    poco)
      # Foundation, Net, Util, JSON and their tests and samples.
      cmake_cfg poco "$src" -DPOCO_UNBUNDLED=ON -DENABLE_TESTS=ON -DENABLE_DATA=OFF \
        -DENABLE_MONGODB=OFF -DENABLE_REDIS=OFF -DENABLE_PDF=OFF -DENABLE_PAGECOMPILER=OFF \
        -DENABLE_PAGECOMPILER_FILE2PAGE=OFF -DENABLE_ACTIVERECORD=OFF \
        -DENABLE_ACTIVERECORD_COMPILER=OFF -DENABLE_JWT=OFF -DENABLE_ZIP=OFF \
        -DENABLE_SEVENZIP=OFF -DENABLE_APACHECONNECTOR=OFF -DENABLE_NETSSL=OFF \
        -DENABLE_CRYPTO=OFF -DENABLE_XML=OFF -DENABLE_JSON=ON -DENABLE_UTIL=ON -DENABLE_NET=ON ;;
    pistache)
      # Clang 22 rejects a member access in an uninstantiated template of
      # pistache/async.h (`chain_`, line 711) that GCC accepts; templates are
      # parsed when instantiated, as the code only ever was by its compilers.
      gen_db pistache "$src/usr/share/doc/libpistache-dev/examples" \
        --flag=-fdelayed-template-parsing -I "$src/usr/include" '*.cc' ;;
    onetbb)
      cmake_cfg onetbb "$src" -DTBB_EXAMPLES=ON -DTBB_TEST=OFF -DTBB_STRICT=OFF ;;
    caf)
      cmake_cfg caf "$src" -DCAF_NO_OPENCL=ON -DCAF_NO_PYTHON=ON -DCAF_NO_TOOLS=ON \
        -DCAF_NO_OPENSSL=ON -DCAF_NO_UNIT_TESTS=OFF -DCAF_NO_EXAMPLES=OFF ;;
    qcoro)
      # Qt 5 is built with -reduce-relocations: its headers require -fPIC.
      # Examples ending in `#include "x.moc"` get that file from moc, next
      # to the source (two examples include a "main.moc"), as CMake's
      # AUTOMOC would generate it. (docs/examples/ holds snippets of the
      # documentation, not programs: left out.)
      local q=/usr/include/x86_64-linux-gnu/qt5 ex=$src/usr/share/doc/qcoro-doc f m
      if [[ ! -f $CORPUS/build/qcoro/compile_commands.json ]]; then
        while IFS= read -r f; do
          m=$(sed -n 's/^#include "\(.*\.moc\)"$/\1/p' "$f" | head -1)
          /usr/lib/qt5/bin/moc -o "$(dirname "$f")/$m" "$f" || return 1
        done < <(grep -rl '^#include ".*\.moc"' "$ex" --include='*.cpp' | sort)
      fi
      gen_db qcoro "$ex" --std c++20 --flag=-fPIC \
        -I "$src/usr/include/qcoro5" -I "$src/usr/include/qcoro5/qcoro" \
        -I "$src/usr/include/qcoro5/QCoro" -I "$ex/examples/dbus" \
        -I "$q" -I "$q/QtCore" -I "$q/QtNetwork" -I "$q/QtDBus" -I "$q/QtGui" \
        -I "$q/QtWidgets" -I "$q/QtConcurrent" -I "$q/QtTest" \
        'examples/**/*.cpp' ;;
    boost)
      # The C++20 coroutine examples of Asio and Beast (the `awaitable`
      # servers and clients), and the Fiber and Thread examples, against the
      # headers of this same source tree (the source has them under
      # libs/*/include; there is no merged boost/ directory).
      # (Beast's examples include "example/common/..." from libs/beast.)
      gen_db boost "$src" --std c++20 --inc-glob 'libs/*/include' \
        --inc-glob 'libs/numeric/*/include' -I "$src/libs/beast" \
        'libs/asio/example/cpp20/**/*.cpp' 'libs/beast/example/**/*awaitable*.cpp' \
        'libs/fiber/examples/*.cpp' 'libs/fiber/examples/asio/*.cpp'
      # Boost.Thread's future.hpp (1.81, line 4672) reads `x.that` for
      # `x.that_` in a member of a class template that is never instantiated;
      # Clang 22 rejects it unless templates are parsed when instantiated.
      if [[ ! -f $CORPUS/build/boost/thread/compile_commands.json ]]; then
        python3 "$HERE/gendb.py" --out "$CORPUS/build/boost/thread/compile_commands.json" \
          --root "$src" --cxx "$CXX" --std c++20 --flag=-fdelayed-template-parsing \
          --inc-glob 'libs/*/include' --inc-glob 'libs/numeric/*/include' \
          'libs/thread/example/*.cpp'
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

# --- 4. a fix for Boost 1.74's headers under Clang 22 -------------------------
# Boost.NumericConversion's enums (int_float_mixture_enum and its two
# siblings) have no fixed underlying type, and Boost.MPL's integral_c<E, v>
# forms E(v - 1): Clang 16+ rejects that cast out of the enum's range in a
# constant expression, a hard error since Clang 20, so every TU reaching
# numeric_cast (Boost.DateTime's posix_time, i.e. most Asio timers) fails to
# parse. The overlay holds copies of the three headers with `: int` added
# to the enum (what later Boost releases do); select_tus.py puts it first on
# the system include path of every selected TU. Nothing else is changed.
OVERLAY=$CORPUS/overlay
if [[ ! -f $OVERLAY/.conclint-ok ]]; then
  mkdir -p "$OVERLAY/boost/numeric/conversion"
  for h in int_float_mixture_enum sign_mixture_enum udt_builtin_mixture_enum; do
    sed -E "s/^( *enum ${h})\b *$/\1 : int/" "/usr/include/boost/numeric/conversion/$h.hpp" \
      > "$OVERLAY/boost/numeric/conversion/$h.hpp"
    grep -q "enum ${h} : int" "$OVERLAY/boost/numeric/conversion/$h.hpp" ||
      die "could not patch $h.hpp for the overlay"
  done
  touch "$OVERLAY/.conclint-ok"
fi

# --- 5. select the benchmark's translation units ----------------------------
python3 "$HERE/select_tus.py" --corpus "$CORPUS" --lock "$LOCK" "${PREPARED[@]}"
