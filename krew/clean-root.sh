#!/usr/bin/env bash
# Makes (once) and caches a clean Debian bookworm root, variant minbase, with mmdebstrap from
# the machine's own Debian mirrors: no -dev package, no library the plugin links. The packaging
# test unpacks the release archive into a copy of it and runs the plugin there with chroot.
#
# Usage: krew/clean-root.sh     prints the path of the root's tarball
#
# Environment:
#   PERFSCALE_CACHE            cache root (default /var/cache/kubectl-perfscale)
#   PERFSCALE_ROOT_REBUILD=1   ignore an existing tarball and make it again
#
# Layout: $PERFSCALE_CACHE/clean-root/bookworm-minbase-ARCH.tar  .stamp  mmdebstrap.log
# Needs root: mmdebstrap's root mode, and apt-get to install mmdebstrap when it is missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=krew/common.sh
. "$here/common.sh"

arch="$(dpkg --print-architecture)"
readonly DIR="$PERFSCALE_CACHE_ROOT/clean-root"
readonly TAR="$DIR/bookworm-minbase-$arch.tar"

cache_ok() { [[ -s $TAR && -f $DIR/.stamp ]] && tar -tf "$TAR" ./usr/lib/os-release >/dev/null 2>&1; }

if [[ ${PERFSCALE_ROOT_REBUILD:-0} != 1 ]] && cache_ok; then
  log "cached: $TAR"
  echo "$TAR"
  exit 0
fi
[[ $(id -u) -eq 0 ]] || die "mmdebstrap makes the root in its root mode: run as root"
lock_cache_dir "$DIR"
if [[ ${PERFSCALE_ROOT_REBUILD:-0} != 1 ]] && cache_ok; then
  log "cached (made concurrently): $TAR"
  echo "$TAR"
  exit 0
fi
ensure_pkgs mmdebstrap

# The machine's Debian repositories for bookworm and its updates (security included).
mirrors=()
while read -r uri suite; do
  [[ $suite == bookworm || $suite == bookworm-* ]] || continue
  mirrors+=("deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main")
done <<<"$(debian_repositories)"
[[ ${#mirrors[@]} -gt 0 ]] || die "no Debian bookworm repository configured in apt's sources"

started=$(date +%s)
log "mmdebstrap --variant=minbase bookworm from ${#mirrors[@]} configured repositories"
rm -rf "$TAR" "$TAR.new"
# stdin from /dev/null: mmdebstrap reads a sources.list from a stdin that is not a terminal.
mmdebstrap --mode=root --format=tar --variant=minbase --architectures="$arch" bookworm "$TAR.new" \
  "${mirrors[@]}" </dev/null >"$DIR/mmdebstrap.log" 2>&1 || {
  tail -n 30 "$DIR/mmdebstrap.log" >&2
  die "mmdebstrap failed (log: $DIR/mmdebstrap.log)"
}
mv "$TAR.new" "$TAR"
secs=$(( $(date +%s) - started ))
printf 'suite=bookworm\nvariant=minbase\narch=%s\nmirrors=%s\nseconds=%s\nmade=%s\n' \
  "$arch" "${mirrors[*]}" "$secs" "$(date -u +%FT%TZ)" >"$DIR/.stamp"
log "made in ${secs}s: $TAR ($(du -h "$TAR" | cut -f1))"
echo "$TAR"
