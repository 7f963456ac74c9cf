#!/usr/bin/env bash
# The linux/arm64 krew archive, cross-compiled, and a smoke test of it under qemu-user.
# Not part of CI (about 20 minutes cold on 2 cores): run it by hand.
#
# Usage: krew/cross-arm64.sh NATIVE_BUILD_DIR
#   NATIVE_BUILD_DIR: a native build with perfscale-sim built (the smoke test's cluster)
#
# 1. A build root of its own, made once with mmdebstrap from the machine's Debian mirrors
#    and cached: Debian's multiarch cross toolchain (crossbuild-essential-arm64), the :arm64
#    -dev packages and qemu-user-static. The machine's own packages stay as they are: not every
#    -dev package is Multi-Arch: same (libyaml-cpp-dev is not), so the :arm64 one would
#    replace the machine's.
# 2. There, the committed HEAD is configured with krew/toolchain-arm64.cmake and built with
#    --target krew-package: static Poco, fmt and spdlog for arm64 (krew/build-static-deps.sh
#    with the toolchain), the -O2 objects relinked statically.
# 3. The arm64 binary runs under qemu-aarch64-static against a root holding nothing but
#    Debian's libc6:arm64: `version`, then a 5-VMI `run` against perfscale-sim on 127.0.0.1;
#    the trace must hold the 5 VMIs.
#
# Output: build-arm64/krew/ (the archive and its one-platform manifest) beside NATIVE_BUILD_DIR.
# Environment: PERFSCALE_CACHE (default /var/cache/kubectl-perfscale). Needs root.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=krew/common.sh
. "$here/common.sh"
src="$(cd "$here/.." && pwd)"

[[ $# -eq 1 ]] || die "usage: $0 NATIVE_BUILD_DIR"
native="$(cd "$1" && pwd)"
sim="$native/tests/sim/perfscale-sim"
[[ -x $sim ]] || die "$sim is not built (cmake --build $native --target perfscale-sim)"
[[ $(id -u) -eq 0 ]] || die "the build root is made and entered as root"
command -v sqlite3 >/dev/null || die "sqlite3 is missing (tests/scripts/install-deps.sh)"

readonly DIR="$PERFSCALE_CACHE_ROOT/cross-arm64"
readonly ROOT="$DIR/root"
readonly PACKAGES=(crossbuild-essential-arm64 cmake make dpkg-dev pkg-config git xz-utils bzip2
  ca-certificates qemu-user-static libcxxopts-dev libpoco-dev:arm64 libssl-dev:arm64
  libyaml-cpp-dev:arm64 libspdlog-dev:arm64 libfmt-dev:arm64 libsqlite3-dev:arm64
  libpcre3-dev:arm64 zlib1g-dev:arm64 libexpat1-dev:arm64)
started=$(date +%s)

lock_cache_dir "$DIR"
if [[ ! -f $DIR/.stamp ]]; then
  ensure_pkgs mmdebstrap
  mirrors=()
  while read -r uri suite; do
    [[ $suite == bookworm || $suite == bookworm-* ]] || continue
    mirrors+=("deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main")
  done <<<"$(debian_repositories)"
  [[ ${#mirrors[@]} -gt 0 ]] || die "no Debian bookworm repository configured in apt's sources"
  log "mmdebstrap: the amd64+arm64 build root (log: $DIR/mmdebstrap.log)"
  rm -rf "$ROOT"
  packages="$(IFS=,; echo "${PACKAGES[*]}")"
  mmdebstrap --mode=root --format=directory --variant=apt --architectures=amd64,arm64 \
    --include="$packages" bookworm "$ROOT" "${mirrors[@]}" </dev/null >"$DIR/mmdebstrap.log" 2>&1 ||
    { tail -n 30 "$DIR/mmdebstrap.log" >&2; die "mmdebstrap failed"; }
  date -u +%FT%TZ >"$DIR/.stamp"
fi
log "build root ready after $(( $(date +%s) - started )) s"

# The committed HEAD, cloned into the root (its commit names the binary's version); the build
# directory /build-arm64 in the root is kept between runs, as an incremental build.
if [[ ! -d $ROOT/src/.git ]]; then
  rm -rf "$ROOT/src"
  git clone -q --no-hardlinks "$src" "$ROOT/src"
fi
git -C "$ROOT/src" fetch -q "$src" HEAD
git -C "$ROOT/src" checkout -q --force --detach FETCH_HEAD
export DEBIAN_FRONTEND=noninteractive
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }
# mmdebstrap leaves the root without package lists: build-static-deps.sh reads them.
in_root apt-get update -qq >/dev/null || die "apt-get update in the build root failed"
log "configuring and building --target krew-package for arm64"
in_root cmake -S /src -B /build-arm64 -DCMAKE_TOOLCHAIN_FILE=/src/krew/toolchain-arm64.cmake \
  -DPERFSCALE_TESTS=OFF -DPERFSCALE_BENCH=OFF -DPERFSCALE_WERROR=ON >"$DIR/build.log" 2>&1 ||
  { tail -n 30 "$DIR/build.log" >&2; die "configuring the arm64 build failed (log: $DIR/build.log)"; }
in_root cmake --build /build-arm64 --target krew-package -j"$(nproc)" >>"$DIR/build.log" 2>&1 ||
  { tail -n 30 "$DIR/build.log" >&2; die "building the arm64 package failed (log: $DIR/build.log)"; }
built=$(date +%s)
grep -A3 '^krew package:' "$DIR/build.log" >&2 || true
out="$native/../build-arm64/krew"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cp "$ROOT"/build-arm64/krew/*.tar.gz "$ROOT/build-arm64/krew/perfscale.yaml" "$out/"
archive="$(ls "$out"/kubectl-perfscale_v*_linux_arm64.tar.gz)"

# 3. A root with Debian's libc6:arm64 alone, the archive, qemu-user.
work="$(mktemp -d /tmp/perfscale-arm64.XXXXXX)"
sim_pid=""
finish() {
  [[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
  rm -rf "$work"
}
trap finish EXIT
mkdir -p "$work/root/opt/kubectl-perfscale" "$work/debs" "$work/root/etc"
chmod 755 "$work/debs"
(cd "$ROOT/tmp" && rm -f libc6_*_arm64.deb && in_root sh -c 'cd /tmp && apt-get download -q libc6:arm64') \
  >/dev/null 2>&1 || die "apt-get download libc6:arm64 failed"
dpkg-deb -x "$ROOT"/tmp/libc6_*_arm64.deb "$work/root"
echo "127.0.0.1 localhost" >"$work/root/etc/hosts"
tar -xzf "$archive" -C "$work/root/opt/kubectl-perfscale"
qemu="$ROOT/usr/bin/qemu-aarch64-static"
plugin=(env -i HOME=/root "$qemu" -L "$work/root" "$work/root/opt/kubectl-perfscale/kubectl-perfscale")

"${plugin[@]}" version || die "the arm64 kubectl-perfscale version failed under qemu"

"$sim" --kubeconfig-out "$work/kubeconfig" --token smoke-token-0123456789 \
  --admin-token smoke-admin-0123456789 --profile instant >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 1 100); do
  grep -q '^https://' "$work/sim.out" 2>/dev/null && break
  sleep 0.1
done
grep -q '^https://' "$work/sim.out" || die "perfscale-sim did not start: $(cat "$work/sim.err")"
sed -i 's|server: https://127.0.0.1:|server: https://localhost:|' "$work/kubeconfig"
"${plugin[@]}" run --kubeconfig "$work/kubeconfig" --vmi-count 5 --trace "$work/trace.db" \
  --wait-when-finished 0s | tee "$work/run.out"
grep -q '5 asked, 5 created, 0 failed' "$work/run.out" || die "the arm64 run did not create 5 VMIs"
vmis="$(sqlite3 "$work/trace.db" "SELECT count(*) FROM objects_v WHERE kind='VirtualMachineInstance' AND created_ns IS NOT NULL AND gone_ns IS NOT NULL")"
[[ $vmis == 5 ]] || die "the trace holds $vmis VMIs created and gone, not 5"
# 4. With the native package built, both platforms in one manifest, beside both archives.
if [[ -f $native/krew/perfscale.yaml ]]; then
  release="$out/release"
  rm -rf "$release"
  mkdir -p "$release"
  cp "$native"/krew/kubectl-perfscale_v*_linux_*.tar.gz "$archive" "$release/"
  { cat "$native/krew/perfscale.yaml"; sed -n '/^  - selector:/,$p' "$out/perfscale.yaml"; } \
    >"$release/perfscale.yaml"
  # Every platform's sha256 is its archive's (the archive named by its uri).
  while read -r uri && read -r sha; do
    name="${uri##*/}"
    [[ $(sha256sum "$release/$name" | cut -d' ' -f1) == "$sha" ]] ||
      die "$release/perfscale.yaml: the sha256 of $name is not its archive's"
  done < <(awk '$1 == "uri:" || $1 == "sha256:" { print $2 }' "$release/perfscale.yaml")
  [[ $(grep -c '^  - selector:' "$release/perfscale.yaml") == 2 ]] ||
    die "$release/perfscale.yaml does not hold two platforms"
  log "linux/amd64 and linux/arm64 in one manifest: $release/perfscale.yaml"
fi
log "arm64: $archive passed under qemu ($vmis VMIs traced); build $(( built - started )) s, all $(( $(date +%s) - started )) s"
