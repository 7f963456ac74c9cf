#!/usr/bin/env bash
# The krew stage of CI: builds the release archive and the manifest in a configured build
# directory (the static Poco, fmt and spdlog and the clean Debian root are cached under
# /var/cache/kubectl-perfscale after the first run), then runs the krew tests, which the
# main ctest run counted as skipped. Prints how long each step took.
# Usage: krew/ci.sh [BUILD_DIR]   (default: build; configured by tests/scripts/run-tests.sh)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
[ -f "$build/CMakeCache.txt" ] || { echo "error: $build is not a configured build directory" >&2; exit 1; }

step() {
  local name="$1" started
  shift
  started=$(date +%s)
  "$@"
  echo "krew stage: $name took $(( $(date +%s) - started )) s" >&2
}
started=$(date +%s)
step "the clean Debian root (krew/clean-root.sh)" "$root/krew/clean-root.sh" >/dev/null
step "the static libraries (krew/build-static-deps.sh)" "$root/krew/build-static-deps.sh" >/dev/null
step "krew-package" cmake --build "$build" --target krew-package -j"$(nproc)"
cd "$build"
step "the krew tests" ctest --output-on-failure --timeout 900 -R '^krew: ' --no-tests=error
echo "krew stage: passed in $(( $(date +%s) - started )) s" >&2
