#!/usr/bin/env bash
# Build (once) and cache kube-apiserver + kube-controller-manager v1.20.2 from
# Debian bookworm's `kubernetes` source package, and install etcd-server.
#
# Usage: tests/real/build-k8s.sh            # prints the bin dir on stdout
#
# Environment:
#   PERFSCALE_K8S_CACHE       cache root (default /var/cache/kubectl-perfscale)
#   PERFSCALE_K8S_REBUILD=1   ignore an existing cache and rebuild
#   PERFSCALE_K8S_KEEP_WORK=1 keep the temp work dir (for debugging)
#
# Layout:
#   $CACHE/k8s-1.20.2/bin/{kube-apiserver,kube-controller-manager,.stamp}
#   $CACHE/k8s-1.20.2/build.log     output of the last build
#   $CACHE/k8s-1.20.2/gocache/      Go build cache, kept only while builds fail
#   $CACHE/k8s-1.20.2/tmp/          temp work dirs (removed on exit)
#
# Needs root (or password-less sudo) for apt-get; only Debian's archive is
# used. A cold build takes ~15 minutes on 2 cores; a cached run is instant.
#
# Notes learned the hard way:
#  * The 1.20 tree builds in GOPATH mode (GO111MODULE=off, tree at
#    $GOPATH/src/k8s.io/kubernetes), not with -mod=vendor.
#  * pkg/generated/openapi/zz_generated.openapi.go is not shipped; it is
#    generated with `make gen_openapi` (needs rsync).
#  * Vendored github.com/modern-go/reflect2 1.0.1 segfaults (UnsafeIterate)
#    under Go >= 1.18 on the first custom-resource create; vendor/ gets
#    Debian's reflect2 (>= 1.0.2) and json-iterator (1.1.12) instead.
set -euo pipefail

readonly K8S_VERSION=1.20.2
readonly GO_DIR=/usr/lib/go-1.19/bin
readonly GO="$GO_DIR/go"
readonly CACHE_ROOT="${PERFSCALE_K8S_CACHE:-/var/cache/kubectl-perfscale}"
readonly CACHE_DIR="$CACHE_ROOT/k8s-$K8S_VERSION"
readonly BIN_DIR="$CACHE_DIR/bin"
readonly LOG="$CACHE_DIR/build.log"
readonly GOCACHE_DIR="$CACHE_DIR/gocache"
readonly TMP_ROOT="$CACHE_DIR/tmp"
readonly SRC_LIST=/etc/apt/sources.list.d/perfscale-deb-src.sources
readonly BINS=(kube-apiserver kube-controller-manager)
readonly BUILD_PKGS=(golang-1.19-go rsync make dpkg-dev xz-utils patch
    golang-github-modern-go-reflect2-dev golang-github-json-iterator-go-dev)
readonly GOCODE=/usr/share/gocode/src
export DEBIAN_FRONTEND=noninteractive

log() { printf '[%s] build-k8s: %s\n' "$(date '+%F %T')" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); fi
fi
as_root() {
    if [[ $(id -u) -ne 0 && ${#SUDO[@]} -eq 0 ]]; then
        die "need root (or password-less sudo) to run: $*"
    fi
    "${SUDO[@]}" "$@"
}

# --- cache check -------------------------------------------------------------
cache_ok() {
    local b out
    for b in "${BINS[@]}"; do
        [[ -x "$BIN_DIR/$b" ]] || return 1
        out=$(timeout 30 "$BIN_DIR/$b" --version 2>/dev/null) || return 1
        [[ $out == *"v${K8S_VERSION%.*}."* ]] || return 1
    done
}

# --- apt helpers -------------------------------------------------------------
# Run a command with output appended to $APT_LOG (the build log) if set,
# otherwise captured and shown only on failure.
APT_LOG=
quietly() {
    if [[ -n $APT_LOG ]]; then "$@" >>"$APT_LOG" 2>&1; return; fi
    local out rc=0
    out=$("$@" 2>&1) || rc=$?
    [[ $rc -eq 0 ]] || printf '%s\n' "$out" | tail -n 30 >&2
    return "$rc"
}
APT_UPDATED=0
apt_update() {
    log "apt-get update"
    quietly as_root apt-get update -q || die "apt-get update failed"
    APT_UPDATED=1
}
pkg_installed() {
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}
ensure_pkgs() {
    local p missing=()
    for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
    [[ ${#missing[@]} -eq 0 ]] && return 0
    [[ $APT_UPDATED -eq 1 ]] || apt_update
    log "apt-get install ${missing[*]}"
    quietly as_root apt-get install -y -q --no-install-recommends "${missing[@]}" ||
        die "apt-get install ${missing[*]} failed"
}
ensure_etcd() {
    local had=0
    pkg_installed etcd-server && [[ -x /usr/bin/etcd ]] && had=1
    if [[ $had -eq 0 ]]; then
        ensure_pkgs etcd-server
        [[ -x /usr/bin/etcd ]] || die "/usr/bin/etcd missing after installing etcd-server"
        log "etcd: $(/usr/bin/etcd --version 2>&1 | tr '\n' ' ')"
    fi
}

# --- fast path ---------------------------------------------------------------
ensure_etcd
if [[ ${PERFSCALE_K8S_REBUILD:-0} != 1 ]] && cache_ok; then
    log "cached: $BIN_DIR"
    echo "$BIN_DIR"
    exit 0
fi

# --- slow path: build --------------------------------------------------------
mkdir -p "$CACHE_DIR" 2>/dev/null || as_root mkdir -p "$CACHE_DIR"
[[ -w $CACHE_DIR ]] || die "$CACHE_DIR is not writable (set PERFSCALE_K8S_CACHE)"

# Serialize concurrent builds; whoever waits re-checks the cache afterwards.
exec 9>"$CACHE_DIR/.lock"
if ! flock -n 9; then
    log "another build holds $CACHE_DIR/.lock; waiting"
    flock 9
fi
if [[ ${PERFSCALE_K8S_REBUILD:-0} != 1 ]] && cache_ok; then
    log "cached (built concurrently): $BIN_DIR"
    echo "$BIN_DIR"
    exit 0
fi

# We hold the lock, so anything left in tmp/ is from a killed run.
rm -rf "$TMP_ROOT" "$CACHE_DIR"/.bin.new.* "$CACHE_DIR"/.bin.old.*
mkdir -p "$TMP_ROOT"
WORK=$(mktemp -d "$TMP_ROOT/build.XXXXXX")
chmod 755 "$WORK"
: >"$LOG"
APT_LOG="$LOG"
ADDED_SRC_LIST=0
BUILDING=0
START=$(date +%s)

remove_src_list() {
    if [[ $ADDED_SRC_LIST -eq 1 ]]; then
        ADDED_SRC_LIST=0
        as_root rm -f "$SRC_LIST" || true
        log "removed $SRC_LIST; apt-get update"
        as_root apt-get update -q >>"$LOG" 2>&1 ||
            log "WARNING: apt-get update after removing $SRC_LIST failed (harmless stale Sources index)"
    fi
}
# Saved stdout/stderr: a signal trap may fire while a redirection to $LOG is active.
exec 7>&1 8>&2
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    exec 1>&7 2>&8
    remove_src_list
    if [[ $rc -ne 0 && $BUILDING -eq 1 ]]; then
        log "build FAILED (rc=$rc) after $(( $(date +%s) - START ))s; last lines of $LOG:"
        tail -n 40 "$LOG" >&2 || true
    fi
    if [[ ${PERFSCALE_K8S_KEEP_WORK:-0} == 1 ]]; then
        log "keeping work dir $WORK"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

log "building kube-apiserver + kube-controller-manager $K8S_VERSION (log: $LOG, work: $WORK)"
BUILDING=1
ensure_pkgs "${BUILD_PKGS[@]}"
[[ -x $GO ]] || die "$GO missing"

# 1. Source package, fetched via a temporary deb-src entry.
log "adding $SRC_LIST and fetching the kubernetes source package"
ADDED_SRC_LIST=1
as_root tee "$SRC_LIST" >/dev/null <<'EOF'
# Temporary, added by kubectl-perfscale tests/real/build-k8s.sh; removed again.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
# Refresh only this source list (keeps the other indices untouched).
as_root apt-get update -q -o Dir::Etc::sourcelist="$SRC_LIST" \
    -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 >>"$LOG" 2>&1 ||
    die "apt-get update (deb-src) failed"
mkdir -p "$WORK/dl"
# Let apt's sandbox user write there (avoids the "unsandboxed" warning).
if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then chown _apt "$WORK/dl"; fi
(cd "$WORK/dl" && apt-get source -q kubernetes) >>"$LOG" 2>&1 || die "apt-get source kubernetes failed"
remove_src_list

DSC=$(cd "$WORK/dl" && ls kubernetes_*.dsc)
DEB_SRC_VERSION=${DSC#kubernetes_}; DEB_SRC_VERSION=${DEB_SRC_VERSION%.dsc}
SRCDIR=$(find "$WORK/dl" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -n1)
[[ -n $SRCDIR && -f $SRCDIR/Makefile ]] || die "no unpacked source tree in $WORK/dl"
[[ $SRCDIR == *"$K8S_VERSION" ]] || die "unexpected source version: $SRCDIR (want $K8S_VERSION)"
log "source: kubernetes $DEB_SRC_VERSION"

# 2. GOPATH layout: the tree itself at $GOPATH/src/k8s.io/kubernetes.
export GOPATH="$WORK/gopath"
KROOT="$GOPATH/src/k8s.io/kubernetes"
mkdir -p "$GOPATH/src/k8s.io"
mv "$SRCDIR" "$KROOT"

# 3. Replace reflect2/json-iterator with Debian's (Go >= 1.18-safe) versions.
for d in github.com/modern-go/reflect2 github.com/json-iterator/go; do
    [[ -f $GOCODE/$d/reflect2.go || -f $GOCODE/$d/jsoniter.go ]] || die "$GOCODE/$d missing"
    rm -rf "${KROOT:?}/vendor/$d"
    mkdir -p "$KROOT/vendor/$d"
    # top-level package files only; no tests, no sub-packages
    rsync -a --exclude='*_test.go' --exclude='*/' "$GOCODE/$d/" "$KROOT/vendor/$d/"
done
[[ -f $KROOT/vendor/github.com/modern-go/reflect2/go_above_118.go ]] ||
    die "reflect2 replacement does not look Go 1.18-aware"
REFLECT2_DEB=$(dpkg-query -W -f='${Version}' golang-github-modern-go-reflect2-dev)
JSONITER_DEB=$(dpkg-query -W -f='${Version}' golang-github-json-iterator-go-dev)
log "vendor: reflect2 <- Debian $REFLECT2_DEB, json-iterator <- Debian $JSONITER_DEB"

# 4. Go environment: GOPATH mode, offline, caches outside the tree.
export PATH="$GO_DIR:$PATH"
export GO111MODULE=off GOFLAGS='' GOPROXY=off GOSUMDB=off GOTOOLCHAIN=local
export CGO_ENABLED=0 GOCACHE="$GOCACHE_DIR" GOTMPDIR="$WORK/gotmp"
export HOME="$WORK/home"
mkdir -p "$GOCACHE" "$GOTMPDIR" "$HOME"
unset GOBIN GOROOT GOENV
log "go: $("$GO" version)"

# 5. Generated openapi definitions (not in the tarball).
log "make gen_openapi (~1 min)"
(cd "$KROOT" && make gen_openapi) >>"$LOG" 2>&1 || die "make gen_openapi failed"
[[ -s $KROOT/pkg/generated/openapi/zz_generated.openapi.go ]] ||
    die "pkg/generated/openapi/zz_generated.openapi.go was not generated"

# 6. Build the two binaries.
GIT_COMMIT=$(sed -n "s/^ *KUBE_GIT_COMMIT='\([0-9a-f]\{40\}\)'.*/\1/p" "$KROOT/hack/lib/version.sh" | head -n1)
BUILD_DATE=$(date -u +%Y-%m-%dT%H:%M:%SZ)
ldflags="-s -w -buildid="
for p in k8s.io/kubernetes/vendor/k8s.io/component-base/version \
         k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version \
         k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $p.gitVersion=v$K8S_VERSION -X $p.gitMajor=${K8S_VERSION%%.*}"
    ldflags+=" -X $p.gitMinor=$(cut -d. -f2 <<<"$K8S_VERSION") -X $p.buildDate=$BUILD_DATE"
    ldflags+=" -X $p.gitTreeState=archive${GIT_COMMIT:+ -X $p.gitCommit=$GIT_COMMIT}"
done
OUT="$WORK/out"
mkdir -p "$OUT"
log "go build ${BINS[*]} (~10-15 min cold on 2 cores)"
(
    cd "$KROOT"
    pkgs=("${BINS[@]/#/k8s.io/kubernetes/cmd/}")
    echo "+ go build -o $OUT/ ${pkgs[*]}"
    "$GO" build -trimpath -tags selinux,notest -ldflags "$ldflags" -o "$OUT/" "${pkgs[@]}"
) >>"$LOG" 2>&1 || die "go build failed"

for b in "${BINS[@]}"; do
    v=$("$OUT/$b" --version 2>&1) || die "$b --version failed: $v"
    [[ $v == *"v$K8S_VERSION"* ]] || die "$b --version says '$v', want v$K8S_VERSION"
done

# 7. Atomically publish bin/ (stage next to it, then rename).
SECS=$(( $(date +%s) - START ))
STAGE="$CACHE_DIR/.bin.new.$$"
mkdir -p "$STAGE"
for b in "${BINS[@]}"; do cp "$OUT/$b" "$STAGE/$b"; chmod 755 "$STAGE/$b"; done
cat >"$STAGE/.stamp" <<EOF
version=v$K8S_VERSION
git_commit=${GIT_COMMIT:-unknown}
debian_source=kubernetes $DEB_SRC_VERSION
vendor_reflect2=debian golang-github-modern-go-reflect2-dev $REFLECT2_DEB
vendor_json_iterator=debian golang-github-json-iterator-go-dev $JSONITER_DEB
go=$("$GO" version)
build_date=$BUILD_DATE
build_seconds=$SECS
binaries=${BINS[*]}
EOF
sync -f "$STAGE" 2>/dev/null || sync
if [[ -e $BIN_DIR ]]; then mv "$BIN_DIR" "$CACHE_DIR/.bin.old.$$"; fi
mv "$STAGE" "$BIN_DIR"
rm -rf "$CACHE_DIR/.bin.old.$$" "$GOCACHE_DIR"
BUILDING=0

log "built in ${SECS}s: $BIN_DIR ($(du -sh "$BIN_DIR" | cut -f1))"
log "etcd: $(/usr/bin/etcd --version 2>&1 | head -n1)"
echo "$BIN_DIR"
