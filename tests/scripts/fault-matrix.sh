#!/usr/bin/env bash
# The fault matrix: `kubectl perfscale run` against perfscale-sim under each fault the sim can
# inject (and SIGTERM in each stage of a run), one row per fault. For each it checks what the
# run promises: it completes or stops with its documented exit code; every VMI the cluster
# holds with the run's label is in the trace; no object was created twice (the sim's
# counters); `cleanup --uuid` leaves nothing; the trace opens and reports.
#
# Usage: tests/scripts/fault-matrix.sh [BUILD_DIR]   (COUNT=100 QPS=50 by default)
# Prints the matrix as a markdown table; exits 1 when a row breaks a promise.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(cd "${1:-$root/build}" && pwd)"
plugin="$build/plugin/kubectl-perfscale"
sim="$build/tests/sim/perfscale-sim"
count="${COUNT:-100}"
qps="${QPS:-50}"
for tool in "$plugin" "$sim"; do
  [ -x "$tool" ] || { echo "error: $tool is missing: build first (cmake --build $build)" >&2; exit 1; }
done
for tool in kubectl python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 1; }
done

work="$(mktemp -d)"
sim_pid=""
stop_sim() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null || true; wait "$sim_pid" 2>/dev/null || true; fi
  sim_pid=""
}
cleanup() { stop_sim; umount "$work/full" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

broken=0
rows=()

# case NAME EXPECTED_EXITS "SIM FLAGS" "RUN FLAGS" [ACTION]
# ACTION (optional) runs in the background with $run_pid and $case_dir set, while the run goes.
run_case() {
  local name="$1" expected="$2" sim_flags="$3" run_flags="$4" action="${5:-}"
  case_dir="$work/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '-')"
  mkdir -p "$case_dir"
  local trace="${TRACE:-$case_dir/trace.db}"
  # shellcheck disable=SC2086
  "$sim" --kubeconfig-out "$case_dir/kubeconfig" --admin-token-out "$case_dir/admin-token" \
    --profile instant --default-grace-period 0 $sim_flags >"$case_dir/url" 2>"$case_dir/sim.log" &
  sim_pid=$!
  for _ in $(seq 1 100); do [ -s "$case_dir/url" ] && break; sleep 0.1; done
  [ -s "$case_dir/url" ] || { echo "error: perfscale-sim did not start for $name" >&2; cat "$case_dir/sim.log" >&2; exit 1; }
  local status=0
  # shellcheck disable=SC2086
  timeout 300 "$plugin" run --kubeconfig "$case_dir/kubeconfig" --trace "$trace" \
    --vmi-count "$count" --qps "$qps" --wait-when-finished 0s -v 2 -o json $run_flags \
    >"$case_dir/summary.json" 2>"$case_dir/run.log" &
  run_pid=$!
  local action_pid=""
  if [ -n "$action" ]; then
    eval "$action" &
    action_pid=$!
  fi
  wait "$run_pid" || status=$?
  if [ -n "$action_pid" ]; then wait "$action_pid" 2>/dev/null || true; fi
  # The checks, against the sim and the trace.
  local row
  row="$(KUBECONFIG="$case_dir/kubeconfig" python3 - "$name" "$expected" "$status" "$trace" \
    "$(head -1 "$case_dir/url")" "$(cat "$case_dir/admin-token")" "$plugin" "$case_dir" <<'PY'
import json, sqlite3, ssl, subprocess, sys, urllib.request
name, expected, status, trace, url, admin, plugin, case_dir = sys.argv[1:9]
status = int(status)
ok_exit = str(status) in expected.split(",")
import time
def admin_call(method, path, body=None):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    req = urllib.request.Request(url + path, method=method, data=body,
                                 headers={"Authorization": "Bearer " + admin,
                                          "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, context=ctx, timeout=10))
def stats():
    return admin_call("GET", "/sim/stats")
# The checks need the server: wait (bounded) for an outage that outlasted the run to end, and
# let a stalled controller work again, as whoever fixes the cluster would.
for _ in range(120):
    try:
        stats()
        break
    except Exception:
        time.sleep(0.5)
admin_call("PUT", "/sim/faults", b'{"stallController":false}')
def live(uuid):
    out = subprocess.run(["kubectl", "get", "vmi", "-A", "-l", "perfscale.kubevirt.io/run=" + uuid,
                          "-o", "jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{'\\n'}{end}"],
                         capture_output=True, text=True, timeout=60)
    return [l for l in out.stdout.splitlines() if l], out.returncode
try:
    db = sqlite3.connect("file:" + trace + "?mode=ro", uri=True)
    uuid, outcome = db.execute("SELECT uuid, outcome FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    traced = {f"{ns}/{n}" for ns, n in db.execute(
        "SELECT namespace, name FROM objects_v WHERE kind = 'VirtualMachineInstance'")}
    created = db.execute("SELECT count(*) FROM objects_v WHERE kind = 'VirtualMachineInstance' "
                         "AND created_ns IS NOT NULL").fetchone()[0]
    db.close()
except Exception as e:  # an unreadable trace breaks the promise
    print(f"| {name} | {status} | trace unreadable: {e} | | | | | | BROKEN |")
    sys.exit(0)
left, rc = live(uuid)
untraced = [o for o in left if o not in traced]
twice = stats().get("createdMoreThanOnce", {})
report = subprocess.run([plugin, "report", trace, "-o", "json"], capture_output=True, timeout=120)
cleanup = subprocess.run([plugin, "cleanup", "--uuid", uuid], capture_output=True, timeout=300)
after, _ = live(uuid)
good = ok_exit and not untraced and not twice and not after and report.returncode == 0 and rc == 0
print(f"| {name} | {status} (expected {expected.replace(',', ' or ')}) | {outcome} | {created} of "
      f"{len(traced)} traced VMIs created | {len(left)} left, {len(untraced)} not in the trace | "
      f"{len(twice)} | {len(after)} (cleanup exit {cleanup.returncode}) | "
      f"{'opens' if report.returncode == 0 else 'FAILS'} | {'ok' if good else 'BROKEN'} |")
PY
)"
  stop_sim
  rows+=("$row")
  case "$row" in *BROKEN*) broken=1 ;; esac
  echo "$row" >&2
}

term_at() {  # SIGTERM after SECONDS (the sim's delays below put each stage at a known time)
  echo "sleep $1; kill -TERM \$run_pid 2>/dev/null || true"
}

# 100 creates take 2 s at qps 50; then about 3.3 s until all are Running, 3 s until gone.
slow="--delay-scheduling 300ms --delay-running 3s --delay-gone 3s"
run_case "none" 0 "" ""
run_case "429 storm (30%, Retry-After 1)" 0 "--fault-throttle-rate 0.3 --fault-throttle-retry-after 1" ""
run_case "503 with Retry-After (20%)" 0 "--fault-error-rate 0.2 --fault-error-code 503 --fault-error-retry-after 1" ""
run_case "500 without Retry-After on creates (10%)" 1 \
  "--fault-error-rate 0.1 --fault-error-code 500 --fault-verbs create --fault-resources virtualmachineinstances" ""
run_case "500 on creates within --max-error-ratio 0.3" 0 \
  "--fault-error-rate 0.1 --fault-error-code 500 --fault-verbs create --fault-resources virtualmachineinstances" \
  "--max-error-ratio 0.3"
run_case "connections dropped (10%)" 0,1 "--fault-drop-rate 0.1" "--max-error-ratio 0.2"
run_case "latency 200 ms + jitter 100 ms" 0 "--fault-latency 200ms --fault-jitter 100ms" ""
run_case "watch streams cut every 300 ms" 0 "--fault-watch-cut-after 300ms" ""
run_case "stalled controller" 2 "--stall-controller" "--max-wait-timeout 5s"
run_case "outage: refuse 4 s" 0 "--fault-outage refuse:4s@1s" ""
run_case "outage: freeze 4 s" 0 "--fault-outage freeze:4s@1s" ""
run_case "outage: restart 4 s (watch history lost: 410)" 0 "--fault-outage restart:4s@1s" ""
run_case "outage longer than the waits (refuse 30 s)" 1,2 "--fault-outage refuse:30s@1s" "--max-wait-timeout 10s"
run_case "SIGTERM while creating (at 1 s)" 143 "$slow" "" "$(term_at 1)"
run_case "SIGTERM while waiting for Running (at 3.5 s)" 143 "$slow" "" "$(term_at 3.5)"
run_case "SIGTERM while waiting until gone (at 6.8 s)" 143 "$slow" "" "$(term_at 6.8)"
run_case "trace directory made read-only mid-run" 0 "$slow" "" \
  'sleep 1; chmod 0555 "$case_dir"; sleep 4; chmod 0755 "$case_dir"'
# A file system with room for the run's start (64 MiB free are asked for), filled up by another
# file a second in; the filler goes once the run has ended, as whoever frees the disk would.
if mkdir -p "$work/full" && mount -t tmpfs -o size=80m tmpfs "$work/full" 2>/dev/null; then
  TRACE="$work/full/trace.db" run_case "trace file system full mid-run" 1 "$slow" "" \
    'sleep 1; head -c 100M /dev/zero >"$work/full/filler" 2>/dev/null || true
     for _ in $(seq 1 600); do kill -0 $run_pid 2>/dev/null || break; sleep 0.1; done
     rm -f "$work/full/filler"'
  umount "$work/full" 2>/dev/null || true
else
  rows+=("| trace file system full mid-run | skipped: mounting a small tmpfs needs root | | | | | | | |")
fi

echo
echo "Fault matrix: $count VMIs at qps $qps per run; command: tests/scripts/fault-matrix.sh $build"
echo
echo "| fault | exit | outcome | created | left in the cluster | created twice | after cleanup --uuid | trace | promise |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
exit "$broken"
