#!/usr/bin/env bash
# Installs every Debian package that building, testing and demoing conclint needs.
# Idempotent: packages already present are skipped; apt runs only when something is missing.
set -euo pipefail

PKGS=(
  cmake ninja-build python3 git
  clang-22 clang-tidy-22 clangd-22 libclang-22-dev llvm-22-dev llvm-22-tools
  libc++-22-dev libc++abi-22-dev libclang-rt-22-dev
  clang-19 clang-tidy-19 libclang-19-dev llvm-19-dev llvm-19-tools
  libasio-dev pybind11-dev python3-dev
  python3-jsonschema libgtest-dev
  neovim emacs-nox elpa-eglot
  bazel-bootstrap
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "bootstrap: all ${#PKGS[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "bootstrap: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bootstrap: done"
