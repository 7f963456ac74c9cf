#!/usr/bin/env bash
# The real-cluster tier: the end-to-end tests tagged [real] against kube-apiserver,
# kube-controller-manager and etcd on 127.0.0.1 (tests/real/cluster.sh), with the same
# assertions as against perfscale-sim. The first run on a machine builds Kubernetes from
# Debian's source package (about 9 minutes on 2 cores); later runs use the cache.
# Usage: tests/real/run.sh [BUILD_DIR]   (default: build; the tests must be built)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"
tests="$build/tests/e2e_tests"
[ -x "$tests" ] || { echo "error: $tests is not built; run tests/scripts/run-tests.sh first" >&2; exit 1; }

dir="$(mktemp -d /tmp/perfscale-real.XXXXXX)"
finish() {
  status=$?
  "$root/tests/real/cluster.sh" stop "$dir" || true
  if [ "$status" -eq 0 ]; then
    rm -rf "$dir"
  else
    echo "real-cluster tier failed; logs kept in $dir (kube-apiserver.log, etcd.log, ...)" >&2
  fi
}
trap finish EXIT

started=$(date +%s)
"$root/tests/real/cluster.sh" start "$dir"
echo "real-cluster tier: cluster up in $(( $(date +%s) - started )) s; running the [real] tests" >&2
# Serially: the tests share one API server and each starts from an empty cluster.
PERFSCALE_REAL_CLUSTER="$dir" timeout 1800 "$tests" "[real]" --durations yes
echo "real-cluster tier: passed in $(( $(date +%s) - started )) s" >&2
