#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for SECONDS, starting from
# the seed corpus in tests/fuzz/corpus/<target> and the saved crashes in
# tests/fuzz/regressions/<target>. What a run finds stays in BUILD_DIR/fuzz-out: the working
# corpus, one log per target, and crashing inputs under crashes/<target>/.
#   tests/fuzz/run.sh SECONDS [BUILD_DIR]     (BUILD_DIR defaults to build-fuzz)
# Prints, per target, the inputs run, the coverage reached and whether it crashed; exits 1
# when any target crashed (or hung, ran out of memory, leaked).
set -euo pipefail

usage="usage: tests/fuzz/run.sh SECONDS [BUILD_DIR]"
seconds=${1:?$usage}
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "$usage" >&2; exit 2; }
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=$(realpath -m "${2:-build-fuzz}")
fuzz_dir=$source_dir/tests/fuzz
out=$build_dir/fuzz-out
targets=(api_status kubeconfig list_items scenario trace trace_rows watch_event)

dictionary_of() {
  case $1 in
    api_status | list_items | watch_event) echo "$fuzz_dir/json.dict" ;;
    kubeconfig) echo "$fuzz_dir/kubeconfig.dict" ;;
    scenario) echo "$fuzz_dir/scenario.dict" ;;
    *) echo "" ;;
  esac
}

# clang and its libFuzzer runtime, from the distribution when missing (Debian: clang-14).
fuzzer_runtime() { [[ -f $(clang++ -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null) ]]; }
if ! command -v clang++ >/dev/null || ! fuzzer_runtime; then
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  echo "== installing clang and libclang-rt-14-dev"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev
fi

echo "== building the fuzz targets in $build_dir"
CC=clang CXX=clang++ cmake -S "$source_dir" -B "$build_dir" -DPERFSCALE_FUZZ=ON \
  -DPERFSCALE_TESTS=OFF -DPERFSCALE_BENCH=OFF >"$build_dir.configure.log" 2>&1 ||
  { cat "$build_dir.configure.log" >&2; exit 1; }
cmake --build "$build_dir" -j "${JOBS:-2}" --target fuzz-trace-seed \
  "${targets[@]/#/fuzz-}" >/dev/null

mkdir -p "$out/logs"
# The kubeconfig and trace targets write their input to a file on every run: in memory if we can.
if [[ -z ${TMPDIR:-} && -d /dev/shm && -w /dev/shm ]]; then export TMPDIR=/dev/shm; fi
"$build_dir/tests/fuzz/fuzz-trace-seed" "$out/seed/trace/seed.db"

printf '%-12s %8s %12s %10s %8s %8s %8s  %s\n' \
  target seconds runs runs/s cov features corpus result
crashed=0
for target in "${targets[@]}"; do
  corpus=$out/corpus/$target
  crashes=$out/crashes/$target
  log=$out/logs/$target.log
  mkdir -p "$corpus" "$crashes"
  inputs=("$corpus")
  for dir in "$fuzz_dir/corpus/$target" "$fuzz_dir/regressions/$target" "$out/seed/$target"; do
    [[ -d $dir ]] && inputs+=("$dir")
  done
  options=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
    -artifact_prefix="$crashes/")
  dict=$(dictionary_of "$target")
  [[ -n $dict ]] && options+=(-dict="$dict")
  status=0
  (cd "$out" && "$build_dir/tests/fuzz/fuzz-$target" "${options[@]}" "${inputs[@]}") \
    >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  units=$(find "$corpus" -type f | wc -l)
  result=ok
  if [[ $status -ne 0 ]]; then
    crashed=1
    found=$(sed -n 's/.*Test unit written to //p' "$log" | tail -1)
    result="CRASHED (exit $status): ${found:-see $log}"
  fi
  printf '%-12s %8s %12s %10s %8s %8s %8s  %s\n' "$target" "$seconds" "${runs:-?}" \
    "${rate:-?}" "${cov:-?}" "${ft:-?}" "$units" "$result"
done
echo "logs: $out/logs; crashing inputs: $out/crashes/<target>/"
exit "$crashed"
