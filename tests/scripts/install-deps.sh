#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, when any is missing.
set -euo pipefail

packages=(cmake make g++ pkg-config libpoco-dev libssl-dev libyaml-cpp-dev libcxxopts-dev
          libspdlog-dev libfmt-dev libsqlite3-dev catch2 sqlite3 openssl ca-certificates chromium
          bash-completion zsh fish prometheus)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The krew binary's linker (krew/CMakeLists.txt: lld 16 or later; bookworm's own lld is 14).
# Optional: without it the binary is linked unordered, so a distribution without lld-16 is
# told and goes on.
lld=""
compgen -G "/usr/lib/llvm-1[6-9]/bin/ld.lld" >/dev/null || lld="lld-16"
[ ${#missing[@]} -eq 0 ] && [ -z "$lld" ] && exit 0

echo "Installing missing packages: ${missing[*]} $lld" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
[ ${#missing[@]} -eq 0 ] || $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
if [ -n "$lld" ]; then
  $sudo apt-get install -y -q --no-install-recommends "$lld" ||
    echo "warning: $lld not installed: the krew binary is linked with its code unordered" >&2
fi
