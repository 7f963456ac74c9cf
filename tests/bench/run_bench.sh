#!/usr/bin/env bash
# Benchmark of `kubectl perfscale run` against perfscale-sim: 10,000 VMIs at qps 1000 by
# default. Prints wall time, achieved create rate, client CPU seconds (also per VMI), client peak
# RSS (also per VMI beyond a 1-VMI run's), trace size, and the commands that produced them.
# Usage: [BURST=10] tests/bench/run_bench.sh [BUILD_DIR] [VMI_COUNT] [QPS]
#        tests/bench/run_bench.sh [--build DIR] [--count N] [--qps Q] [--burst B] [--client PATH]
# --count 100000 is the memory benchmark: 100,000 VMIs tracked in one iteration. --client
# measures another build of the plugin, e.g. the krew package's static binary
# (DIR/krew/static/kubectl-perfscale, built by `cmake --build DIR --target krew-package`).
# A burst as large as qps sends ~1000 creates at once: more than the sim (and a default
# kube-apiserver) lets in flight, so some are answered 429 and their retries use tokens.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$root/build"
count=10000
qps=1000
burst="${BURST:-10}"
client=""
positional=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --count) count="$2"; shift 2 ;;
    --qps) qps="$2"; shift 2 ;;
    --burst) burst="$2"; shift 2 ;;
    --client) client="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) positional+=("$1"); shift ;;
  esac
done
[ ${#positional[@]} -ge 1 ] && build="${positional[0]}"
[ ${#positional[@]} -ge 2 ] && count="${positional[1]}"
[ ${#positional[@]} -ge 3 ] && qps="${positional[2]}"
[ -n "$client" ] || client="$build/plugin/kubectl-perfscale"
[ -x "$client" ] || { echo "error: $client is not an executable (build it, or name one with --client)" >&2; exit 1; }
work="$(mktemp -d)"
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in /usr/bin/time python3; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed (Debian packages: time, python3)" >&2; exit 1; }
done

nodes=$(( (count + 109) / 110 + 1 ))
sim_cmd=("$build/tests/sim/perfscale-sim" --kubeconfig-out "$work/kubeconfig" --profile instant
         --nodes "$nodes" --watch-history 1000000)
"${sim_cmd[@]}" >"$work/url" 2>"$work/sim.log" &
sim_pid=$!
for _ in $(seq 1 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { echo "perfscale-sim did not start" >&2; cat "$work/sim.log" >&2; exit 1; }

# The same run with 1 VMI: the memory any run has, to tell what each VMI adds.
base_cmd=("$client" run --kubeconfig "$work/kubeconfig"
          --trace "$work/base.db" --vmi-count 1 --qps "$qps" --burst "$burst"
          --wait-when-finished 0s -o json)
/usr/bin/time -f '%M' -o "$work/base-time" "${base_cmd[@]}" >/dev/null 2>"$work/base.log" || {
  echo "the 1-VMI run failed:" >&2; tail -20 "$work/base.log" >&2; exit 1; }
base_rss_kb="$(tail -1 "$work/base-time")"

run_cmd=("$client" run --kubeconfig "$work/kubeconfig"
         --trace "$work/trace.db" --vmi-count "$count" --qps "$qps" --burst "$burst"
         --wait-when-finished 0s -o json)
/usr/bin/time -f '%e %U %S %M' -o "$work/time" "${run_cmd[@]}" >"$work/summary.json" 2>"$work/run.log" || {
  echo "run failed:" >&2; tail -20 "$work/run.log" >&2
  cp "$work/trace.db" "$work/run.log" "$work/summary.json" /tmp/ 2>/dev/null &&
    echo "kept the trace, log and summary in /tmp/trace.db, /tmp/run.log, /tmp/summary.json" >&2
  exit 1; }
read -r wall user sys rss_kb <"$work/time"
python3 - "$work/summary.json" "$wall" "$user" "$sys" "$rss_kb" "$(stat -c %s "$work/trace.db")" "$work/trace.db" "$qps" "$base_rss_kb" <<'PY'
import json, sqlite3, sys
doc = json.load(open(sys.argv[1]))
run = doc["runs"][0]  # the summary is the report of the run
s = {"outcome": run["outcome"], "exitCode": run["exitCode"], "phases": run["phases"],
     "created": run["vmis"]["created"], "asked": run["vmis"]["asked"],
     "failed": run["vmis"]["failed"], "askedRate": run["rate"]["asked"],
     "achievedRate": run["rate"]["achieved"] or 0.0}
wall, user, sysc, rss_kb, size = float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
running = next((p for p in s["phases"] if p["phase"] == "Running"), None)
print(f"  outcome          {s['outcome']} (exit {s['exitCode']})")
print(f"  VMIs             {s['created']} created of {s['asked']}, {s['failed']} failed")
print(f"  create rate      asked {s['askedRate']:.0f}/s, achieved {s['achievedRate']:.1f}/s")
print(f"  wall time        {wall:.1f} s (create, wait Running, delete, wait gone)")
base_kb = int(sys.argv[9])
vmis = max(1, s["created"])
print(f"  client CPU       {user + sysc:.1f} s ({user:.1f} user, {sysc:.1f} system), "
      f"{(user + sysc) * 1000 / vmis:.3f} ms per VMI")
print(f"  client peak RSS  {rss_kb / 1024:.1f} MiB; a 1-VMI run {base_kb / 1024:.1f} MiB, so "
      f"{max(0, rss_kb - base_kb) * 1024 / vmis:.0f} bytes per VMI beyond it")
print(f"  trace size       {size / 1048576:.1f} MiB")
# From the trace: every try of a VMI create, when it was sent against when the pacer
# scheduled it, and the server's 429s.
db = sqlite3.connect(sys.argv[7])
rows = db.execute("SELECT try, status, sent_ns, scheduled_ns FROM requests_v WHERE verb='create' "
                  "AND resource='virtualmachineinstances' ORDER BY sent_ns").fetchall()
qps = float(sys.argv[8])
late = sorted(r[2] - r[3] for r in rows if r[0] == 1 and r[3] is not None and r[3] >= 0)
throttled = sum(1 for r in rows if r[1] == 429)
if rows and late:
    print(f"  create tries     {len(rows)} ({throttled} answered 429 and retried)")
    print(f"  send lateness    p50 {late[len(late) // 2] / 1e6:.1f} ms, p99 {late[int(len(late) * 0.99)] / 1e6:.1f} ms"
          " (sent - scheduled; large when every worker waits on the server)")
if running:
    print(f"  Running (client) p50 {running['client']['p50Ms']:.1f} ms, p99 {running['client']['p99Ms']:.1f} ms")
PY
echo "  sim command      ${sim_cmd[*]}"
echo "  run command      /usr/bin/time ${run_cmd[*]}"
echo "  1-VMI command    /usr/bin/time ${base_cmd[*]}"
