#!/usr/bin/env bash
# Builds (once) and caches the static libraries that Debian ships only as shared ones:
# Poco (Foundation, XML, JSON, Util, Net, Crypto, NetSSL), fmt and spdlog, each from Debian
# bookworm's own source package at exactly the version of the installed -dev package, so
# the headers under /usr/include that the project compiles against match the objects.
# OpenSSL, SQLite, yaml-cpp, expat, PCRE and zlib come as .a files in their -dev packages.
#
# Usage: krew/build-static-deps.sh            builds when not cached; prints the lib dir
#        krew/build-static-deps.sh --print    prints the lib dir only (no build)
#
# Environment:
#   PERFSCALE_CACHE              cache root (default /var/cache/kubectl-perfscale)
#   PERFSCALE_STATIC_REBUILD=1   ignore an existing cache and rebuild
#   PERFSCALE_DEB_ARCH           the Debian architecture to build for (default: the machine's)
#   PERFSCALE_CMAKE_TOOLCHAIN    a CMake toolchain file for it (krew/toolchain-arm64.cmake)
#
# Layout: $PERFSCALE_CACHE/static-deps/poco-V_fmtlib-V_spdlog-V_ARCH/
#           lib/*.a  .stamp (what was built, from which source, how long it took)
#           build.log (the last build's output)
# The deb-src entries live in a sources file of their own with their own lists directory,
# passed to apt-get with -o Dir::Etc::SourceList/SourceParts/State::Lists: the system's apt
# configuration and indices stay untouched. Needs root (or password-less sudo) only to
# install missing build packages. A cold build takes about 6 minutes on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=krew/common.sh
. "$here/common.sh"

readonly SOURCES=(poco fmtlib spdlog)
readonly DEV_PACKAGES=(libpoco-dev libfmt-dev libspdlog-dev)
readonly POCO_LIBS=(Foundation XML JSON Util Net Crypto NetSSL)
readonly BUILD_PKGS=(dpkg-dev cmake make g++ libpcre3-dev zlib1g-dev libexpat1-dev libssl-dev
  libfmt-dev libpoco-dev libspdlog-dev)

arch="${PERFSCALE_DEB_ARCH:-$(dpkg --print-architecture)}"
toolchain="${PERFSCALE_CMAKE_TOOLCHAIN:-}"
# The source version of each installed -dev package (a binNMU's +bN belongs to the binary).
versions=()
key=""
for i in "${!SOURCES[@]}"; do
  v="$(dpkg-query -W -f='${source:Version}' "${DEV_PACKAGES[$i]}:$arch" 2>/dev/null)" ||
    die "${DEV_PACKAGES[$i]}:$arch is not installed (tests/scripts/install-deps.sh installs it)"
  versions+=("$v")
  key+="${SOURCES[$i]}-${v//[:~+]/_}_"
done
readonly DIR="$PERFSCALE_CACHE_ROOT/static-deps/${key}${arch}"
readonly LIB="$DIR/lib"

if [[ ${1:-} == --print ]]; then
  echo "$LIB"
  exit 0
fi

cache_ok() {
  [[ -f $DIR/.stamp ]] || return 1
  local l
  for l in "${POCO_LIBS[@]}"; do [[ -s $LIB/libPoco$l.a ]] || return 1; done
  [[ -s $LIB/libfmt.a && -s $LIB/libspdlog.a ]]
}

if [[ ${PERFSCALE_STATIC_REBUILD:-0} != 1 ]] && cache_ok; then
  log "cached: $LIB"
  echo "$LIB"
  exit 0
fi

lock_cache_dir "$DIR"
if [[ ${PERFSCALE_STATIC_REBUILD:-0} != 1 ]] && cache_ok; then
  log "cached (built concurrently): $LIB"
  echo "$LIB"
  exit 0
fi

if [[ -z $toolchain ]]; then
  ensure_pkgs "${BUILD_PKGS[@]}"
else
  ensure_pkgs dpkg-dev cmake make
fi
readonly LOG="$DIR/build.log"
rm -rf "$DIR/work" "$DIR/.lib.new"
mkdir -p "$DIR/work"
WORK="$DIR/work"
finish() {
  local rc=$?
  if [[ $rc -ne 0 ]]; then
    log "FAILED; last lines of $LOG:"
    tail -n 30 "$LOG" >&2
  fi
  rm -rf "$WORK"
}
trap finish EXIT
: >"$LOG"
started=$(date +%s)

# 1. The source packages, through a deb-src list of our own beside the machine's mirrors.
apt_dir="$WORK/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$WORK/src"
repos="$(debian_repositories)"
[[ -n $repos ]] || die "no Debian repository configured in apt's sources"
while read -r uri suite; do
  echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri $suite main"
done <<<"$repos" >"$apt_dir/sources.list"
if [[ $(id -u) -eq 0 ]] && id _apt >/dev/null 2>&1; then
  chown -R _apt "$apt_dir/lists" "$WORK/src"
fi
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -q)
log "fetching the source packages ${SOURCES[*]} (log: $LOG)"
apt-get "${apt_opts[@]}" update >>"$LOG" 2>&1 || die "apt-get update of the deb-src list failed"
pins=()
for i in "${!SOURCES[@]}"; do pins+=("${SOURCES[$i]}=${versions[$i]}"); done
(cd "$WORK/src" && apt-get "${apt_opts[@]}" source --download-only "${pins[@]}") >>"$LOG" 2>&1 ||
  die "apt-get source ${pins[*]} failed: the mirror no longer has these versions; upgrade" \
    "${DEV_PACKAGES[*]} (apt-get install --only-upgrade) and run again"
for dsc in "$WORK"/src/*.dsc; do
  (cd "$WORK/src" && dpkg-source -x "$dsc") >>"$LOG" 2>&1 || die "dpkg-source -x $dsc failed"
done
srcdir() { find "$WORK/src" -mindepth 1 -maxdepth 1 -type d -name "$1-*" | head -n1; }

jobs="$(nproc)"
common=(-DCMAKE_BUILD_TYPE=None "-DCMAKE_C_FLAGS=-O2 -DNDEBUG" "-DCMAKE_CXX_FLAGS=-O2 -DNDEBUG"
  -DBUILD_SHARED_LIBS=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON)
if [[ -n $toolchain ]]; then
  common+=("-DCMAKE_TOOLCHAIN_FILE=$toolchain")
fi
if command -v ccache >/dev/null 2>&1; then
  common+=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

# 2. fmt and spdlog (spdlog against the system's fmt headers, as Debian builds it).
log "building fmt ${versions[1]}"
cmake -S "$(srcdir fmtlib)" -B "$WORK/fmt" "${common[@]}" -DFMT_DOC=OFF -DFMT_TEST=OFF \
  >>"$LOG" 2>&1 || die "configuring fmt failed"
cmake --build "$WORK/fmt" -j"$jobs" --target fmt >>"$LOG" 2>&1 || die "building fmt failed"
log "building spdlog ${versions[2]}"
cmake -S "$(srcdir spdlog)" -B "$WORK/spdlog" "${common[@]}" -DSPDLOG_FMT_EXTERNAL=ON \
  -DSPDLOG_BUILD_SHARED=OFF -DSPDLOG_BUILD_EXAMPLE=OFF -DSPDLOG_BUILD_TESTS=OFF \
  -DSPDLOG_INSTALL=OFF >>"$LOG" 2>&1 || die "configuring spdlog failed"
cmake --build "$WORK/spdlog" -j"$jobs" --target spdlog >>"$LOG" 2>&1 ||
  die "building spdlog failed"

# 3. Poco, unbundled like Debian's (system PCRE, zlib, expat), only the libraries used.
log "building Poco ${versions[0]}: ${POCO_LIBS[*]} (about 5 minutes on 2 cores)"
off=()
for c in ENCODINGS MONGODB DATA DATA_SQLITE DATA_MYSQL DATA_POSTGRESQL DATA_ODBC REDIS ZIP PDF \
  PAGECOMPILER PAGECOMPILER_FILE2PAGE ACTIVERECORD ACTIVERECORD_COMPILER JWT APACHECONNECTOR \
  SEVENZIP CPPPARSER POCODOC TESTS; do
  off+=("-DENABLE_$c=OFF")
done
cmake -S "$(srcdir poco)" -B "$WORK/poco" "${common[@]}" -DPOCO_UNBUNDLED=ON "${off[@]}" \
  >>"$LOG" 2>&1 || die "configuring Poco failed"
cmake --build "$WORK/poco" -j"$jobs" --target "${POCO_LIBS[@]}" >>"$LOG" 2>&1 ||
  die "building Poco failed"

# 4. Publish lib/ atomically.
stage="$DIR/.lib.new"
mkdir -p "$stage"
cp "$WORK/fmt/libfmt.a" "$WORK/spdlog/libspdlog.a" "$stage/"
for l in "${POCO_LIBS[@]}"; do
  f="$(find "$WORK/poco" -name "libPoco$l.a" | head -n1)"
  [[ -n $f ]] || die "libPoco$l.a was not built"
  cp "$f" "$stage/"
done
secs=$(( $(date +%s) - started ))
{
  for i in "${!SOURCES[@]}"; do echo "source=${SOURCES[$i]} ${versions[$i]}"; done
  echo "poco_libraries=${POCO_LIBS[*]}"
  echo "arch=$arch${toolchain:+ toolchain=$toolchain}"
  echo "build_seconds=$secs"
} >"$stage/.stamp"
rm -rf "$LIB"
mv "$stage" "$LIB"
mv "$LIB/.stamp" "$DIR/.stamp"
log "built in ${secs}s: $LIB"
echo "$LIB"
