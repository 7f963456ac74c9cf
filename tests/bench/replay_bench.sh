#!/usr/bin/env bash
# Benchmark of `kubectl perfscale replay` against perfscale-sim: how late the replay sends
# the recorded requests at 1000 requests/s by default. Records a source run (creates at
# RATE/s, then a deletecollection), replays it at speed 1 into the same trace, and prints
# from the trace the lateness (sent - scheduled) of the replay's requests and of the
# source's creates: P50, P99 (nearest rank), max, count over 10 ms, requests, achieved
# rate; the replay's wall time, client CPU and peak RSS; the commands; PASS/FAIL against
# "P99 lateness < 5 ms at 1000 requests/s". A benchmark, not a test: exits 0 either way
# (1 only when the sim, the source run or the replay cannot run at all).
# Usage: tests/bench/replay_bench.sh [BUILD_DIR] [RATE] [SECONDS]
# RATE requests/s (default 1000) for SECONDS seconds (default 10): the source run creates
# RATE*SECONDS/2 VMIs at qps RATE, burst 1.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
rate="${2:-1000}"
seconds="${3:-10}"
work="$(mktemp -d)"
sim_pid=""
cleanup() {
  [ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for tool in /usr/bin/time sqlite3; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed (Debian packages: time, sqlite3)" >&2; exit 1; }
done

count=$(( rate * seconds / 2 ))
[ "$count" -ge 1 ] || { echo "error: RATE*SECONDS/2 must be at least 1" >&2; exit 1; }
nodes=$(( (count + 109) / 110 + 1 ))
# Instant delays, no grace period, and in-flight limits well above what RATE/s needs, so the
# sim answers at once and never 429s: the lateness measured is the client's own.
inflight=$(( rate * 2 > 2000 ? rate * 2 : 2000 ))
sim_cmd=("$build/tests/sim/perfscale-sim" --kubeconfig-out "$work/kubeconfig" --profile instant
         --nodes "$nodes" --default-grace-period 0 --watch-history 1000000
         --max-mutating-inflight "$inflight" --max-readonly-inflight "$inflight")
"${sim_cmd[@]}" >"$work/url" 2>"$work/sim.log" &
sim_pid=$!
for _ in $(seq 1 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { echo "perfscale-sim did not start" >&2; cat "$work/sim.log" >&2; exit 1; }

trace="$work/trace.db"
keep() {
  cp "$trace" "$work"/*.log "$work"/*.json /tmp/ 2>/dev/null &&
    echo "kept the trace, logs and summaries in /tmp (trace.db, *.log, *.json)" >&2
}

run_cmd=("$build/plugin/kubectl-perfscale" run --kubeconfig "$work/kubeconfig" --trace "$trace"
         --vmi-count "$count" --qps "$rate" --burst 1 --iteration-count 1 --namespaced-iterations
         --wait-when-finished 0s -v 1 -o json)
/usr/bin/time -v -o "$work/run.time" "${run_cmd[@]}" >"$work/run.json" 2>"$work/run.log" || {
  echo "source run failed:" >&2; tail -20 "$work/run.log" >&2; keep; exit 1; }

replay_cmd=("$build/plugin/kubectl-perfscale" replay "$trace" --kubeconfig "$work/kubeconfig"
            --speed 1 -v 1 -o json)
/usr/bin/time -v -o "$work/replay.time" "${replay_cmd[@]}" >"$work/replay.json" 2>"$work/replay.log" || {
  echo "replay failed (exit status above the time figures):" >&2
  cat "$work/replay.log" >&2; head -c 2000 "$work/replay.json" >&2; grep -i 'exit status' "$work/replay.time" >&2 || true
  keep; exit 1; }

# From /usr/bin/time -v: wall seconds, CPU seconds (user + system), peak RSS in MiB.
time_figures() {
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = 0; for (i = 1; i <= n; i++) w = w * 60 + p[i] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident set size/ { r = $2 }
    END { printf "wall %.2f s, CPU %.2f s (%.2f user, %.2f system), peak RSS %.1f MiB", w, u + s, u, s, r / 1024 }' "$1"
}

run_id() { sqlite3 -batch -noheader "$trace" "SELECT max(id) FROM runs WHERE kind = '$1'"; }
source_id="$(run_id run)"
replay_id="$(run_id replay)"
[ -n "$replay_id" ] || { echo "the trace holds no run of kind 'replay'" >&2; keep; exit 1; }

# Lateness = sent_ns - scheduled_ns of the rows WHERE says, every try: n, P50, P99 (nearest
# rank: the ceil(p*n)-th smallest), max and count over 10 ms, in ms; the achieved rate is
# requests / (last sent - first sent).
lateness() {
  sqlite3 -batch -noheader -separator ' ' "$trace" "
    WITH l AS (SELECT sent_ns - scheduled_ns AS late, sent_ns FROM requests_v WHERE $1),
    o AS (SELECT late, row_number() OVER (ORDER BY late) AS rk, count(*) OVER () AS n FROM l)
    SELECT n,
      printf('%.3f', (SELECT late FROM o WHERE rk = (n + 1) / 2) / 1e6),
      printf('%.3f', (SELECT late FROM o WHERE rk = (n * 99 + 99) / 100) / 1e6),
      printf('%.3f', (SELECT max(late) FROM l) / 1e6),
      (SELECT count(*) FROM l WHERE late > 10000000),
      CASE WHEN (SELECT max(sent_ns) - min(sent_ns) FROM l) > 0
        THEN printf('%.1f', n * 1e9 / (SELECT max(sent_ns) - min(sent_ns) FROM l)) ELSE '-' END,
      (SELECT group_concat(v, ',') FROM (SELECT verb || '=' || count(*) AS v FROM requests_v
         WHERE $1 GROUP BY verb ORDER BY verb))
    FROM o LIMIT 1"
}
print_lateness() {  # label, where
  local n p50 p99 max over rate_s verbs
  read -r n p50 p99 max over rate_s verbs < <(lateness "$2") || true
  if [ -z "${n:-}" ]; then echo "  $1  no requests"; return; fi
  printf '  %-16s P50 %s ms, P99 %s ms, max %s ms, %s over 10 ms; %s requests (%s), %s/s achieved\n' \
    "$1" "$p50" "$p99" "$max" "$over" "$n" "$verbs" "$rate_s"
}

replay_where="run_id = $replay_id AND verb NOT IN ('watch', 'list')"
source_where="run_id = $source_id AND verb = 'create'"
vmi_creates="verb = 'create' AND resource = 'virtualmachineinstances'"
echo "lateness (sent - scheduled), $count VMIs recorded at qps $rate; the first two lines' rate"
echo "spans the namespace's create to its delete, the VMI lines' the VMI creates alone:"
print_lateness "replay" "$replay_where"
print_lateness "source creates" "$source_where"
print_lateness "replay VMI crt" "run_id = $replay_id AND $vmi_creates"
print_lateness "source VMI crt" "run_id = $source_id AND $vmi_creates"
sqlite3 -batch -noheader -separator ' ' "$trace" \
  "SELECT kind, outcome, coalesce(exit_code, '-'), requests FROM runs WHERE id IN ($source_id, $replay_id) ORDER BY id" |
  while read -r kind outcome code requests; do
    [ "$kind" = run ] && kind=source
    printf '  %-16s outcome %s (exit %s), %s requests in the trace\n' "$kind run" "$outcome" "$code" "$requests"
  done
echo "  replay client    $(time_figures "$work/replay.time")"
echo "  source client    $(time_figures "$work/run.time")"
non2xx="$(sqlite3 -batch -noheader "$trace" "SELECT count(*) FROM requests_v WHERE $replay_where AND (status < 200 OR status >= 300)")"
echo "  replay answers   $non2xx not 2xx"
echo "  sim command      ${sim_cmd[*]}"
echo "  run command      /usr/bin/time -v ${run_cmd[*]}"
echo "  replay command   /usr/bin/time -v ${replay_cmd[*]}"

# PASS: the replay's P99 under 5 ms while its VMI creates went out at 1000/s or more (5%
# slack for the rate's measurement).
read -r n _ p99 _ < <(lateness "$replay_where")
read -r _ _ _ _ _ vmi_rate _ < <(lateness "run_id = $replay_id AND $vmi_creates")
verdict=$(awk -v p99="$p99" -v n="$n" -v r="$vmi_rate" 'BEGIN {
  ok = (p99 + 0 < 5) && r + 0 >= 950 && n + 0 > 0
  printf "%s: replay P99 lateness %s ms over %s requests, VMI creates at %s/s (target: P99 lateness < 5 ms at 1000 requests/s)", ok ? "PASS" : "FAIL", p99, n, r }')
echo "$verdict"
exit 0
