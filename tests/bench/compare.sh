#!/usr/bin/env bash
# The same job with four clients against one perfscale-sim (--profile instant): N VMIs
# created at Q qps, wait until all are Running, delete them, wait until they are gone.
#   kubectl-perfscale  run --vmi-count N --qps Q --burst B --wait-when-finished 0s
#   python             tests/bench/compare_python.py (the official client, python3-kubernetes)
#   kubectl            one multi-document `create -f`, `wait --for=jsonpath=...=Running`,
#                      `delete --wait=false`, `wait --for=delete` (kubectl takes no rate)
#   node               tests/bench/compare_node.mjs (@kubernetes/client-node from npm)
# Each tool works in its own namespace (compare-<tool>) with its own label, one after the
# other, each after the previous one's VMIs are gone. All create the VMI kubectl-perfscale
# creates by default (tests/bench/compare_vmi.json). Run by hand, never by ctest.
#
# Per tool: wall time, achieved create rate (from the tool's own create send times; for
# kubectl, which has none, from the sim's creation times), client CPU (user+sys of the tool
# and its children, summed over kubectl's four invocations), peak RSS (the largest
# invocation for kubectl), and the p99 of |observed Running - the sim's Running| over the
# VMIs (kubectl observes no per-VMI time: n/a, and the table shows instead how long after
# the last VMI's Running its `wait` returned).
# Prints a table and Markdown rows, and writes --out: a JSON array, one object per tool with
# tool, count, qps (null for kubectl), wall_s, cpu_s (the whole job), max_rss_kb,
# achieved_rate, running_err_p99_ms (null where not applicable).
#
# Usage: tests/bench/compare.sh [--count N] [--qps Q] [--burst B] [--build DIR] [--client PATH]
#                               [--out compare.json] [--tools kubectl-perfscale,python,kubectl,node]
#                               [--wait-timeout SECONDS (kubectl wait's --timeout, default 600)]
# --client measures another build of the plugin than DIR/plugin/kubectl-perfscale, e.g. the
# krew package's static binary (DIR/krew/static/kubectl-perfscale, built by
# `cmake --build DIR --target krew-package`).
# Installs python3-kubernetes with apt-get when missing, and @kubernetes/client-node with npm
# into ~/.cache/kubectl-perfscale/compare-node; a client that does not install is skipped
# with a message.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
bench="$root/tests/bench"
count=2000
qps=100
burst=10
build="$root/build"
client=""  # the kubectl-perfscale to measure; default: DIR/plugin/kubectl-perfscale
out="compare.json"
tools="kubectl-perfscale,python,kubectl,node"
wait_timeout=600
usage() { sed -n '/^# Usage:/,/^# Installs/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count="$2"; shift 2 ;;
    --qps) qps="$2"; shift 2 ;;
    --burst) burst="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --client) client="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --tools) tools="$2"; shift 2 ;;
    --wait-timeout) wait_timeout="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "compare.sh: unknown argument $1" >&2; usage ;;
  esac
done
[[ "$count" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --count $count: expected a positive integer" >&2; exit 2; }
[[ "$qps" =~ ^[0-9]+([.][0-9]+)?$ ]] && [ "$qps" != 0 ] ||
  { echo "compare.sh: --qps $qps: expected a positive number" >&2; exit 2; }
[[ "$burst" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --burst $burst: expected a positive integer" >&2; exit 2; }
[ -n "$client" ] || client="$build/plugin/kubectl-perfscale"
for binary in "$client" "$build/tests/sim/perfscale-sim"; do
  [ -x "$binary" ] || { echo "compare.sh: $binary is missing: build it (make -C $build kubectl-perfscale perfscale-sim) or pass --build DIR or --client PATH" >&2; exit 1; }
done
for tool in /usr/bin/time /usr/bin/python3 curl; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool is needed (Debian packages: time, python3, curl)" >&2; exit 1; }
done
out="$(realpath -m "$out")"

work="$(mktemp -d)"
sim_pid=""
cleanup() {
  if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
note() { echo "compare.sh: $*" >&2; }
want() { [[ ",$tools," == *",$1,"* ]]; }

# --- the clients ---------------------------------------------------------------------------
# The Python client goes with Debian's python3 (another python3 first on PATH may not see it).
if want python && ! /usr/bin/python3 -c 'import kubernetes' 2>/dev/null; then
  note "installing python3-kubernetes with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq \
      python3-kubernetes >"$work/apt.log" 2>&1 ||
     ! /usr/bin/python3 -c 'import kubernetes' 2>/dev/null; then
    note "python3-kubernetes did not install (apt-get said: $(tail -1 "$work/apt.log")); skipping python"
    tools="${tools//python/}"
  fi
fi
node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-perfscale/compare-node"
node_version=""
node_loads() {
  (cd "$node_dir" && node --input-type=module \
    -e "import * as k from '@kubernetes/client-node'; if (!k.CustomObjectsApi) process.exit(1)") \
    >"$work/node-load.log" 2>&1
}
if want kubectl && ! command -v kubectl >/dev/null; then
  note "kubectl is not on PATH; skipping kubectl"; tools="${tools//kubectl,/}"; tools="${tools%,kubectl}"
fi
if want node; then
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    note "node and npm are needed for @kubernetes/client-node (Debian packages nodejs, npm); skipping node"
    tools="${tools//node/}"
  else
    mkdir -p "$node_dir"
    [ -f "$node_dir/package.json" ] || echo '{"private": true}' >"$node_dir/package.json"
    if ! node_loads; then
      note "installing @kubernetes/client-node with npm into $node_dir"
      (cd "$node_dir" && npm install --no-audit --no-fund @kubernetes/client-node) >"$work/npm.log" 2>&1 || true
      if ! node_loads; then
        # The newest major may need a newer node than this one (its HTTP client does).
        note "the newest @kubernetes/client-node does not load on node $(node --version) ($(grep -m1 -o 'required: {[^}]*}' "$work/npm.log" || tail -1 "$work/node-load.log")); trying the 1.x line"
        (cd "$node_dir" && npm install --no-audit --no-fund '@kubernetes/client-node@1') >"$work/npm.log" 2>&1 || true
      fi
    fi
    if node_loads; then
      node_version="$(cd "$node_dir" && node -p "require('./node_modules/@kubernetes/client-node/package.json').version")"
      cp "$bench/compare_node.mjs" "$node_dir/compare_node.mjs"
    else
      note "@kubernetes/client-node did not install cleanly on node $(node --version): $(tail -1 "$work/npm.log"); skipping node"
      tools="${tools//node/}"
    fi
  fi
fi

# --- the sim -------------------------------------------------------------------------------
admin_token="$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')"
nodes=$(( (count + 109) / 110 + 1 ))
sim_cmd=("$build/tests/sim/perfscale-sim" --kubeconfig-out "$work/kubeconfig" --profile instant
         --nodes "$nodes" --watch-history 1000000)
"${sim_cmd[@]}" --admin-token "$admin_token" >"$work/url" 2>"$work/sim.log" &
sim_pid=$!
for _ in $(seq 1 100); do [ -s "$work/url" ] && break; sleep 0.1; done
[ -s "$work/url" ] || { note "perfscale-sim did not start"; cat "$work/sim.log" >&2; exit 1; }
url="$(head -1 "$work/url")"
export KUBECONFIG="$work/kubeconfig"
kubectl_cmd=(kubectl --kubeconfig "$work/kubeconfig")

timed() {  # timed NAME CMD...: /usr/bin/time into $work/NAME.time, output into $work/NAME.log
  local name="$1"; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.log" 2>&1 || {
    note "$name failed: $*"; tail -20 "$work/$name.log" >&2; return 1; }
}
fresh_namespace() {
  "${kubectl_cmd[@]}" delete namespace "$1" --ignore-not-found --wait=true >/dev/null 2>&1 || true
  "${kubectl_cmd[@]}" create namespace "$1" >/dev/null
}
# Every tool leaves nothing behind before the next one starts.
check_gone() {
  local left
  left="$("${kubectl_cmd[@]}" get vmi -n "$1" --no-headers 2>/dev/null | wc -l)"
  [ "$left" = 0 ] || { note "$left VMIs left in namespace $1"; exit 1; }
}

declare -a ran=()
commands="$work/commands"
: >"$commands"

if want kubectl-perfscale; then
  ns=compare-perfscale
  cmd=("$client" run --kubeconfig "$work/kubeconfig" --namespace "$ns"
       --trace "$work/perfscale.db" --vmi-count "$count" --qps "$qps" --burst "$burst"
       --wait-when-finished 0s)
  note "kubectl-perfscale: $count VMIs at qps $qps"
  timed kubectl-perfscale "${cmd[@]}"
  echo "kubectl-perfscale: ${cmd[*]}" >>"$commands"
  check_gone "$ns"
  ran+=(kubectl-perfscale)
fi

if want python; then
  ns=compare-python
  fresh_namespace "$ns"
  cmd=(/usr/bin/python3 "$bench/compare_python.py" "$work/kubeconfig" "$ns" python "$count" "$qps"
       "$burst" "$bench/compare_vmi.json" "$work/python.jsonl")
  note "python: $count VMIs at qps $qps"
  timed python "${cmd[@]}"
  echo "python: ${cmd[*]}" >>"$commands"
  check_gone "$ns"
  ran+=(python)
fi

if want kubectl; then
  ns=compare-kubectl
  fresh_namespace "$ns"
  /usr/bin/python3 - "$bench/compare_vmi.json" "$ns" "$count" >"$work/vmis.yaml" <<'PY'
import json, sys
template, ns, count = json.load(open(sys.argv[1])), sys.argv[2], int(sys.argv[3])
for i in range(count):
    template["metadata"] = {"name": f"vmi-kubectl-{i}", "namespace": ns,
                            "labels": {"perfscale.kubevirt.io/compare": "kubectl"}}
    print("---\n" + json.dumps(template))
PY
  sel=(-n "$ns" -l perfscale.kubevirt.io/compare=kubectl)
  # jsonpath conditions came in kubectl 1.23.
  minor="$("${kubectl_cmd[@]}" version --client -o json | /usr/bin/python3 -c \
    'import json,sys; print(int("".join(c for c in json.load(sys.stdin)["clientVersion"]["minor"] if c.isdigit())))')"
  if [ "$minor" -ge 23 ]; then
    running_cond=(--for=jsonpath='{.status.phase}'=Running)
  else
    note "kubectl 1.$minor has no jsonpath waits; waiting for condition Ready instead"
    running_cond=(--for=condition=Ready)
  fi
  note "kubectl: $count VMIs (kubectl has no rate option), kubectl $("${kubectl_cmd[@]}" version --client -o json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])')"
  steps=(create wait-running delete wait-gone)
  # `kubectl wait` waits for one object after the other, each with an informer of its own;
  # --timeout bounds all of them together.
  failed=""
  start_ns=$(date +%s%N)
  timed kubectl-create "${kubectl_cmd[@]}" create -f "$work/vmis.yaml" || failed=create
  create_end_ns=$(date +%s%N)
  [ -n "$failed" ] || timed kubectl-wait-running "${kubectl_cmd[@]}" wait vmi "${sel[@]}" \
    "${running_cond[@]}" --timeout="${wait_timeout}s" || failed=wait-running
  wait_end_ns=$(date +%s%N)
  [ -n "$failed" ] || timed kubectl-delete "${kubectl_cmd[@]}" delete vmi "${sel[@]}" --wait=false || failed=delete
  [ -n "$failed" ] || timed kubectl-wait-gone "${kubectl_cmd[@]}" wait vmi "${sel[@]}" --for=delete \
    --timeout="${wait_timeout}s" || failed=wait-gone
  end_ns=$(date +%s%N)
  echo "$start_ns $create_end_ns $wait_end_ns $end_ns" >"$work/kubectl.marks"
  {
    echo "kubectl: kubectl create -f vmis.yaml   # $count documents"
    echo "kubectl: kubectl wait vmi ${sel[*]} ${running_cond[*]} --timeout=${wait_timeout}s"
    echo "kubectl: kubectl delete vmi ${sel[*]} --wait=false"
    echo "kubectl: kubectl wait vmi ${sel[*]} --for=delete --timeout=${wait_timeout}s"
  } >>"$commands"
  if [ -n "$failed" ]; then
    done_count="$(grep -c 'condition met' "$work/kubectl-wait-running.log" 2>/dev/null || true)"
    echo "kubectl: failed at $failed after $(( (end_ns - start_ns) / 1000000000 )) s (wait had seen ${done_count:-0} of $count Running)" >>"$work/failures"
    note "kubectl failed at $failed; deleting its VMIs"
    "${kubectl_cmd[@]}" delete namespace "$ns" --wait=true --timeout=300s >/dev/null 2>&1 || true
  else
    check_gone "$ns"
    ran+=(kubectl)
  fi
fi

if want node; then
  ns=compare-node
  fresh_namespace "$ns"
  cmd=(node "$node_dir/compare_node.mjs" "$work/kubeconfig" "$ns" node "$count" "$qps" "$burst"
       "$bench/compare_vmi.json" "$work/node.jsonl")
  note "node: $count VMIs at qps $qps (@kubernetes/client-node $node_version, node $(node --version))"
  timed node "${cmd[@]}"
  echo "node: ${cmd[*]}   # @kubernetes/client-node $node_version, node $(node --version)" >>"$commands"
  check_gone "$ns"
  ran+=(node)
fi

[ ${#ran[@]} -gt 0 ] || { note "no tool ran"; exit 1; }
# The sim's ground truth (its own CA on loopback: -k).
curl -sSfk -H "Authorization: Bearer $admin_token" "$url/sim/truth" >"$work/truth.json"

/usr/bin/python3 - "$work" "$count" "$qps" "$out" "${ran[@]}" <<'PY'
import json, math, sqlite3, sys
work, count, qps, out, ran = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5:]

truth = {}  # namespace -> name -> {"created": ns, "running": ns}
for vmi in json.load(open(f"{work}/truth.json"))["vmis"]:
    entry = truth.setdefault(vmi["namespace"], {}).setdefault(vmi["name"], {})
    entry["created"] = vmi["createdNs"]
    for phase in vmi["phases"]:
        if phase["phase"] == "Running":
            entry["running"] = phase["atNs"]

def times(name):
    wall, user, system, rss = open(f"{work}/{name}.time").read().split()
    return float(wall), float(user) + float(system), int(rss)

def p99(values):
    values = sorted(values)
    return values[max(0, math.ceil(0.99 * len(values)) - 1)] if values else None

def rate(sent):
    sent = sorted(sent)
    return (len(sent) - 1) / ((sent[-1] - sent[0]) / 1e9) if len(sent) > 1 and sent[-1] > sent[0] else None

def errors_ms(ns, observed):  # observed: name -> wall ns
    known = truth.get(ns, {})
    missing = [n for n in observed if "running" not in known.get(n, {})]
    if missing:
        sys.exit(f"compare.sh: {len(missing)} VMIs of {ns} have no Running in the sim's truth, e.g. {missing[0]}")
    return [abs(at - known[n]["running"]) / 1e6 for n, at in observed.items()]

rows, notes = [], {}
for tool in ran:
    if tool == "kubectl":
        wall = cpu = 0.0
        rss = 0
        for step in ("create", "wait-running", "delete", "wait-gone"):
            w, c, r = times(f"kubectl-{step}")
            cpu, rss = cpu + c, max(rss, r)
        start, create_end, wait_end, end = map(int, open(f"{work}/kubectl.marks").read().split())
        wall = (end - start) / 1e9
        known = truth.get("compare-kubectl", {})
        last_running = max(v["running"] for v in known.values() if "running" in v)
        achieved = rate([v["created"] for v in known.values()])
        err = None
        notes[tool] = (f"n/a: `wait` returned {(wait_end - last_running) / 1e6:.0f} ms after the last "
                       f"VMI's Running; rate from the sim's creation times (no rate option)")
        asked = None
    else:
        wall, cpu, rss = times(tool)
        asked = qps
        if tool == "kubectl-perfscale":
            db = sqlite3.connect(f"{work}/perfscale.db")
            origin = db.execute("SELECT started_wall_ns FROM runs").fetchone()[0]
            sent = [r[0] for r in db.execute(
                "SELECT sent_ns FROM requests_v WHERE verb='create' AND "
                "resource='virtualmachineinstances' AND try=1")]
            observed = {r[0]: origin + r[1] for r in db.execute(
                "SELECT name, observed_ns FROM phases_v WHERE phase='Running'")}
            ns = "compare-perfscale"
        else:
            recs = [json.loads(line) for line in open(f"{work}/{tool}.jsonl")]
            sent = [r["createSentNs"] for r in recs]
            observed = {r["name"]: r["runningNs"] for r in recs if r["runningNs"] is not None}
            ns = f"compare-{tool}"
        achieved = rate(sent)
        if len(observed) != count:
            sys.exit(f"compare.sh: {tool} observed {len(observed)} of {count} VMIs Running")
        err = p99(errors_ms(ns, observed))
    rows.append({"tool": tool, "count": count, "qps": asked, "wall_s": round(wall, 2),
                 "cpu_s": round(cpu, 2), "max_rss_kb": rss,
                 "achieved_rate": round(achieved, 1) if achieved else None,
                 "running_err_p99_ms": round(err, 2) if err is not None else None})

with open(out, "w") as f:
    json.dump(rows, f, indent=2)
    f.write("\n")

def show(v, fmt):
    return "-" if v is None else format(v, fmt)

head = f"{'tool':<18} {'asked':>6} {'wall s':>8} {'CPU s':>7} {'CPU s/1k':>9} {'RSS MiB':>8} {'rate/s':>8} {'Running err p99 ms':>19}"
print(head)
for r in rows:
    print(f"{r['tool']:<18} {show(r['qps'], '.0f'):>6} {r['wall_s']:>8.1f} {r['cpu_s']:>7.1f} "
          f"{r['cpu_s'] * 1000 / count:>9.2f} {r['max_rss_kb'] / 1024:>8.1f} "
          f"{show(r['achieved_rate'], '.1f'):>8} {show(r['running_err_p99_ms'], '.1f'):>19}")
for tool, text in notes.items():
    print(f"  {tool}: {text}")
print()
print("| tool | VMIs | asked qps | wall s | client CPU s (per 1,000 VMIs) | peak RSS MiB | achieved create rate /s | Running error p99 ms |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in rows:
    err = show(r["running_err_p99_ms"], ".1f") if r["tool"] != "kubectl" else notes["kubectl"]
    print(f"| {r['tool']} | {count} | {show(r['qps'], '.0f') if r['qps'] else 'none'} | {r['wall_s']:.1f} | "
          f"{r['cpu_s']:.1f} ({r['cpu_s'] * 1000 / count:.2f}) | {r['max_rss_kb'] / 1024:.0f} | "
          f"{show(r['achieved_rate'], '.1f')} | {err} |")
print(f"\nwrote {out}")
PY
[ ! -s "$work/failures" ] || { echo; echo "Failed (no row):"; sed 's/^/  /' "$work/failures"; }
echo "sim: ${sim_cmd[*]}"
sed 's/^/  /' "$commands"
