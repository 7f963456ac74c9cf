#!/usr/bin/env bash
# Builds the tool and the simulated cluster, starts the simulator on loopback, runs a demo
# scenario against it with `kubectl perfscale run` (50 VMIs in each of 2 namespaced
# iterations at 25 creations/s), prints the run's summary, the trace's run list and the report
# with thresholds, and writes the HTML report (perfscale-demo-report.html in the working
# directory). Usage: tests/scripts/demo.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"

"$root/tests/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target perfscale-sim kubectl-perfscale >/dev/null

work="$(mktemp -d)"
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Delays of a small, quick cluster: Running within about two seconds of creation.
"$build/tests/sim/perfscale-sim" --kubeconfig-out "$work/kubeconfig" \
  --delay-scheduling uniform:200ms:600ms --delay-scheduled uniform:300ms:900ms \
  --delay-running uniform:300ms:900ms --delay-gone uniform:100ms:300ms \
  >"$work/url" 2>"$work/sim.log" &
sim_pid=$!
for _ in $(seq 1 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { echo "perfscale-sim did not start:" >&2; cat "$work/sim.log" >&2; exit 1; }
export KUBECONFIG="$work/kubeconfig"
export PATH="$build/plugin:$PATH"

echo "== perfscale-sim serving at $(head -1 "$work/url")"
kubectl-perfscale version
command -v kubectl >/dev/null && echo "== kubectl finds the plugin: $(kubectl perfscale version)"
echo "== kubectl-perfscale run --vmi-count 50 --qps 25 --burst 10 --iteration-count 2 --namespaced-iterations --wait-when-finished 0s"
status=0
kubectl-perfscale run --vmi-count 50 --qps 25 --burst 10 --iteration-count 2 \
  --namespaced-iterations --wait-when-finished 0s --trace "$work/demo.db" -v 1 || status=$?
echo "== kubectl-perfscale runs $work/demo.db"
kubectl-perfscale runs "$work/demo.db" || true
echo "== kubectl-perfscale report $work/demo.db -o markdown --threshold 'Running.P99<=5s' --threshold 'create.errors==0'"
kubectl-perfscale report "$work/demo.db" -o markdown --threshold 'Running.P99<=5s' \
  --threshold 'create.errors==0' || status=$?
echo "== kubectl-perfscale report $work/demo.db -o html --out perfscale-demo-report.html"
kubectl-perfscale report "$work/demo.db" -o html --out perfscale-demo-report.html || status=$?
exit "$status"
