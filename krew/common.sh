# Shared by the krew/ scripts (sourced, not run): logging, root, Debian packages, the
# machine's own Debian mirrors and the cache under /var/cache/kubectl-perfscale.
# shellcheck shell=bash

# shellcheck disable=SC2034  # used by the scripts that source this file
readonly PERFSCALE_CACHE_ROOT="${PERFSCALE_CACHE:-/var/cache/kubectl-perfscale}"
export DEBIAN_FRONTEND=noninteractive

log() { printf '[%s] %s: %s\n' "$(date '+%F %T')" "${0##*/}" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; return; fi
  command -v sudo >/dev/null 2>&1 || die "need root (or password-less sudo) to run: $*"
  sudo -n "$@"
}

pkg_installed() {
  [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

# Installs the Debian packages that are missing; `apt-get update` first only when some are.
ensure_pkgs() {
  local p missing=()
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "apt-get install ${missing[*]}"
  as_root apt-get update -qq >&2 || die "apt-get update failed"
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
    die "apt-get install ${missing[*]} failed"
}

# The machine's configured Debian repositories, one "URI SUITE" line each (from apt's own
# index targets, so whatever mirror sources.list names is the one used).
debian_repositories() {
  # shellcheck disable=SC2016  # apt's own $(FIELD) placeholders
  apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(ORIGIN) $(TARGET_OF)' 2>/dev/null |
    awk '$3 == "Debian" && $4 == "deb" { print $1, $2 }' | sort -u
}

# The cache directory DIR (created, writable) and an exclusive lock on it held on fd 9 until
# the calling script exits.
lock_cache_dir() {
  local dir="$1"
  mkdir -p "$dir" 2>/dev/null || as_root mkdir -p "$dir"
  [[ -w $dir ]] || die "$dir is not writable (set PERFSCALE_CACHE to another directory)"
  exec 9>"$dir/.lock"
  if ! flock -n 9; then
    log "another run holds $dir/.lock; waiting"
    flock 9
  fi
}
