#!/usr/bin/env bash
# Builds the tool and the simulated cluster, starts the simulator on loopback, and shows it
# to a real kubectl: VMIs created, driven to Running by the simulated controller, deleted.
# Usage: tests/scripts/demo.sh [BUILD_DIR]   (default: build)
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

"$build/tests/sim/perfscale-sim" --kubeconfig-out "$work/kubeconfig" \
  --delay-scheduling uniform:200ms:600ms --delay-scheduled uniform:300ms:900ms \
  --delay-running uniform:500ms:1500ms >"$work/url" 2>"$work/sim.log" &
sim_pid=$!
for _ in $(seq 1 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { echo "perfscale-sim did not start:" >&2; cat "$work/sim.log" >&2; exit 1; }
export KUBECONFIG="$work/kubeconfig"
export PATH="$build/plugin:$PATH"

echo "== perfscale-sim serving at $(head -1 "$work/url")"
kubectl perfscale version
if ! command -v kubectl >/dev/null; then
  echo "kubectl is not installed: the simulator is up, but there is no client to show it with." >&2
  exit 0
fi
kubectl version 2>/dev/null | tail -1
for i in 1 2 3; do
  cat <<YAML | kubectl create -f -
apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: demo-vmi-$i
  labels: {perfscale.kubevirt.io/run: demo}
spec:
  terminationGracePeriodSeconds: 0
  domain:
    resources: {requests: {memory: 90Mi, cpu: 100m}, limits: {memory: 90Mi, cpu: 100m}}
    devices: {disks: [{name: disk0, disk: {bus: virtio}}]}
  volumes: [{name: disk0, containerDisk: {image: quay.io/kubevirt/cirros-container-disk-demo:latest}}]
YAML
done
echo "== just created:"
kubectl get vmi -A -o custom-columns=NAME:.metadata.name,PHASE:.status.phase,NODE:.status.nodeName
sleep 4
echo "== four seconds later:"
kubectl get vmi -A -o custom-columns=NAME:.metadata.name,PHASE:.status.phase,NODE:.status.nodeName
kubectl get vmi demo-vmi-1 -o jsonpath='{range .status.phaseTransitionTimestamps[*]}{.phase}{"\t"}{.phaseTransitionTimestamp}{"\n"}{end}'
kubectl delete vmi -l perfscale.kubevirt.io/run=demo
kubectl get vmi -A
echo "== 'kubectl perfscale run' and 'report' replace the steps above once they land."
