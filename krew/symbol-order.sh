#!/usr/bin/env bash
# Writes krew/symbol-order.txt: the functions a `run` executes (kubeconfig, TLS, creates, the
# watch, deletion, the trace), which krew/CMakeLists.txt has lld place together at the start of
# the krew binary's code. Run it again after changes that move much of a run's code; names that
# are gone are skipped by the linker, new ones land after the listed ones.
#
#   krew/symbol-order.sh BUILD_DIR   (after: cmake --build BUILD_DIR --target kubectl-perfscale-static perfscale-sim)
#
# It runs the built krew binary under callgrind (Debian's valgrind) against perfscale-sim on
# 127.0.0.1: 20 VMIs at qps 5, burst 10, waited for and deleted, like the burst job.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: krew/symbol-order.sh BUILD_DIR}" && pwd)
bin=$build/krew/static/kubectl-perfscale
sim=$build/tests/sim/perfscale-sim
command -v valgrind >/dev/null || { echo "error: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
for f in "$bin" "$sim"; do
  [[ -x $f ]] || { echo "error: $f is missing: cmake --build $1 --target kubectl-perfscale-static perfscale-sim" >&2; exit 1; }
done
work=$(mktemp -d)
sim_pid=""
cleanup() {
  [[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
"$sim" --kubeconfig-out "$work/kubeconfig" --profile instant >"$work/url" 2>"$work/sim.log" &
sim_pid=$!
for _ in $(seq 100); do [[ -s $work/url ]] && break; sleep 0.1; done
[[ -s $work/url ]] || { echo "error: perfscale-sim did not start: $(cat "$work/sim.log")" >&2; exit 1; }
valgrind --tool=callgrind --demangle=no --compress-strings=no \
  --callgrind-out-file="$work/callgrind.out" "$bin" run --kubeconfig "$work/kubeconfig" \
  --trace "$work/trace.db" --vmi-count 20 --qps 5 --burst 10 --wait-when-finished 0s \
  >"$work/run.out" 2>"$work/run.log" || { echo "error: the run failed:" >&2; tail -5 "$work/run.log" >&2; exit 1; }
grep -h '^fn=' "$work"/callgrind.out* | cut -c4- | LC_ALL=C sort -u >"$work/executed"
nm "$bin" | awk '$2 ~ /^[tTwW]$/ { print $3 }' | LC_ALL=C sort -u >"$work/defined"
LC_ALL=C comm -12 "$work/executed" "$work/defined" >"$here/symbol-order.txt"
echo "krew/symbol-order.txt: $(wc -l <"$here/symbol-order.txt") functions" >&2
