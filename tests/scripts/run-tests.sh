#!/usr/bin/env bash
# Builds everything with warnings as errors and runs every test: unit and end-to-end against
# perfscale-sim, then the real-cluster tier (tests/real/run.sh: the [real] end-to-end tests
# against kube-apiserver 1.20 built from Debian's source; set PERFSCALE_REAL=0 to skip it).
# Usage: tests/scripts/run-tests.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
mkdir -p "$build"
build="$(cd "$build" && pwd)"

"$root/tests/scripts/install-deps.sh"
command -v kubectl >/dev/null ||
  echo "warning: kubectl is not on PATH; the kubectl interoperability tests will be SKIPPED" >&2

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPERFSCALE_WERROR=ON
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest -j"$(nproc)" --output-on-failure --timeout 300
if [ "${PERFSCALE_REAL:-1}" != 0 ]; then
  "$root/tests/real/run.sh" "$build"
else
  echo "warning: PERFSCALE_REAL=0: the real-cluster tier was SKIPPED" >&2
fi
