#!/usr/bin/env bash
# Builds every target under a sanitizer and runs the unit and end-to-end tests (against
# perfscale-sim; the binaries the tests start are sanitized too). CI runs the address build.
# Usage: tests/scripts/sanitized-tests.sh [address|thread] [BUILD_DIR] [CTEST_ARGS...]
#   address: AddressSanitizer + UndefinedBehaviorSanitizer (default build dir build-asan)
#   thread:  ThreadSanitizer (default build dir build-tsan)
# -O1 with line tables only: quicker to build than -O2 -g, and every report still names the
# file and line. Benchmarks are not built. A finding fails its test (abort/halt on error).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
kind="${1:-address}"
case "$kind" in
  address) default_dir="$root/build-asan" ;;
  thread) default_dir="$root/build-tsan" ;;
  *) echo "usage: $0 [address|thread] [BUILD_DIR] [CTEST_ARGS...]" >&2; exit 2 ;;
esac
build="${2:-$default_dir}"
shift $(( $# > 2 ? 2 : $# ))

"$root/tests/scripts/install-deps.sh"
started=$(date +%s)
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DPERFSCALE_WERROR=ON \
  -DPERFSCALE_BENCH=OFF -DPERFSCALE_SANITIZE="$kind"
cmake --build "$build" -j"$(nproc)"
built=$(date +%s)
echo "sanitized tests ($kind): built in $((built - started)) s" >&2

export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$root/tests/scripts/tsan.supp"
cd "$build"
ctest -j"$(nproc)" --output-on-failure --timeout 400 "$@"
echo "sanitized tests ($kind): passed in $(( $(date +%s) - built )) s" >&2
