#!/usr/bin/env bash
# Runs clang-tidy (the root .clang-tidy) over the product sources in core/, plugin/ and store/,
# with BUILD_DIR's compile_commands.json, and fails on any finding. Installs clang-tidy if missing.
# Usage: tests/scripts/clang-tidy.sh [BUILD_DIR]   (default: build; configure it with cmake first)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
if [ ! -f "$build/compile_commands.json" ]; then
  echo "error: no $build/compile_commands.json: configure the build first" \
    "(cmake -S $root -B $build, as tests/scripts/run-tests.sh does)" >&2
  exit 1
fi
build="$(cd "$build" && pwd)"

if ! command -v clang-tidy >/dev/null || ! command -v run-clang-tidy >/dev/null; then
  echo "Installing clang-tidy" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install clang-tidy" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q
  $sudo apt-get install -y -q --no-install-recommends clang-tidy
fi
tidy="$(command -v clang-tidy)"

# The database names sources by absolute path: ours, not tests/ nor the generated version_info.cpp.
files="^$(printf '%s' "$root" | sed 's/[][\.*^$(){}?+|]/\\&/g')/(core|plugin|store)/"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# At -j2 on a 2-core machine: 2m51s for 77 files with one other compile running; 5 to 10
# minutes while a parallel build shares the cores.
status=0
run-clang-tidy -clang-tidy-binary "$tidy" -p "$build" -j"$(nproc)" -quiet "$files" >"$log" 2>&1 ||
  status=$?

# run-clang-tidy colours its output and echoes each command line: keep the diagnostics.
sed -i -E 's/\x1b\[[0-9;]*m//g' "$log"
checked=$(awk -v cmd="$tidy " 'index($0, cmd) == 1' "$log" | wc -l)
awk -v cmd="$tidy " 'index($0, cmd) != 1 && !/^[0-9]+ warnings? generated\.$/' "$log"
findings=$(grep -cE ': (warning|error): ' "$log" || true)
if [ "$checked" -eq 0 ]; then
  echo "error: $build/compile_commands.json has no source under $root/{core,plugin,store}" >&2
  exit 1
fi
if [ "$status" -ne 0 ] || [ "$findings" -ne 0 ]; then
  echo "clang-tidy: $findings finding(s) in $checked files (run-clang-tidy exit status $status)" >&2
  exit 1
fi
echo "clang-tidy: $checked files, no findings"
