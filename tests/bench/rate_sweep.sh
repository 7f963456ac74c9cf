#!/usr/bin/env bash
# Asked versus achieved create rate from qps 10 to 2000 (and beyond, to find where the sim is
# the limit): one run_bench.sh per rate, each ~10 s of creates.
# Usage: tests/bench/rate_sweep.sh [BUILD_DIR] [QPS ...]   (default: 10 100 500 1000 2000)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
shift || true
rates=("$@")
[ ${#rates[@]} -eq 0 ] && rates=(10 100 500 1000 2000)
printf '%8s %8s %12s %10s %14s\n' qps vmis achieved error "CPU ms/VMI"
for qps in "${rates[@]}"; do
  count=$(( qps * 10 < 150 ? 150 : qps * 10 ))
  out="$("$root/tests/bench/run_bench.sh" --build "$build" --count "$count" --qps "$qps" --burst 10)"
  achieved="$(sed -n 's/.*achieved \([0-9.]*\)\/s.*/\1/p' <<<"$out")"
  cpu="$(sed -n 's/.*, \([0-9.]*\) ms per VMI/\1/p' <<<"$out")"
  error="$(python3 -c "print(f'{($achieved - $qps) / $qps * 100:+.2f}%')")"
  printf '%8s %8s %12s %10s %14s\n' "$qps" "$count" "$achieved" "$error" "$cpu"
done
echo "command: tests/bench/rate_sweep.sh $build ${rates[*]}"
