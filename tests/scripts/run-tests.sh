#!/usr/bin/env bash
# Builds everything with warnings as errors and runs every test (unit and end-to-end).
# Usage: tests/scripts/run-tests.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"

"$root/tests/scripts/install-deps.sh"
command -v kubectl >/dev/null ||
  echo "warning: kubectl is not on PATH; the kubectl interoperability tests will be SKIPPED" >&2

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPERFSCALE_WERROR=ON
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest -j"$(nproc)" --output-on-failure --timeout 300
