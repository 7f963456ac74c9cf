#!/usr/bin/env bash
# Packs the release archive and renders the krew manifest (run by the krew-package target).
#
# Usage: krew/package.sh --out DIR --archive NAME.tar.gz --version X.Y.Z --arch ARCH --uri URI
#                        --template perfscale.yaml --binary FILE... [--file FILE...]
#                        [--objdump OBJDUMP] [--strip STRIP]   (the target's binutils)
#
# Each --binary is stripped into the archive and must need no shared library but glibc's
# (and its loader); each --file is copied as it is. The highest GLIBC_ symbol version the
# binaries need (objdump -T) goes into the manifest's caveats and DIR/min-glibc.txt. The
# archive is reproducible: sorted names, owner 0, mtime of the last commit, gzip -n.
set -euo pipefail

out="" archive="" version="" arch="" uri="" template="" objdump=objdump strip=strip
binaries=() files=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) out="$2" ;;
    --archive) archive="$2" ;;
    --version) version="$2" ;;
    --arch) arch="$2" ;;
    --uri) uri="$2" ;;
    --template) template="$2" ;;
    --binary) binaries+=("$2") ;;
    --file) files+=("$2") ;;
    --objdump) objdump="$2" ;;
    --strip) strip="$2" ;;
    *) echo "error: package.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift 2
done
for v in out archive version arch uri template; do
  [[ -n ${!v} ]] || { echo "error: package.sh: --$v is missing" >&2; exit 2; }
done
[[ ${#binaries[@]} -gt 0 ]] || { echo "error: package.sh: no --binary" >&2; exit 2; }

# glibc's own libraries: the only shared objects a binary in the archive may need.
glibc_only='^(libc|libm|libdl|libpthread|librt|libresolv|ld-linux-[a-z0-9_-]+)\.so\.[0-9.]+$'
min_glibc=""
for b in "${binaries[@]}"; do
  # (no process substitution: a bare chroot has no /dev/fd)
  for needed in $("$objdump" -p "$b" | awk '$1 == "NEEDED" { print $2 }'); do
    [[ $needed =~ $glibc_only ]] || {
      echo "error: $b needs $needed: only glibc may stay dynamic in the krew package" >&2
      exit 1
    }
  done
  v="$("$objdump" -T "$b" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -n1)"
  [[ -n $v ]] || { echo "error: no GLIBC_ symbol version in $b (objdump -T)" >&2; exit 1; }
  min_glibc="$(printf '%s\n%s\n' "$min_glibc" "$v" | sed '/^$/d' | sort -V | tail -n1)"
done

stage="$out/stage"
rm -rf "$stage"
mkdir -p "$stage"
for b in "${binaries[@]}"; do
  "$strip" --strip-all -o "$stage/$(basename "$b")" "$b"
  chmod 755 "$stage/$(basename "$b")"
done
for f in "${files[@]}"; do
  cp "$f" "$stage/"
  if [[ -x $f ]]; then chmod 755 "$stage/$(basename "$f")"; else chmod 644 "$stage/$(basename "$f")"; fi
done

root="$(cd "$(dirname "$0")/.." && pwd)"
mtime="$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)"
(cd "$stage" && find . -mindepth 1 -printf '%P\n' | LC_ALL=C sort |
  tar --owner=0 --group=0 --numeric-owner --mtime="@$mtime" --no-recursion -cf - -T - |
  gzip -9n >"$out/$archive.new")
mv "$out/$archive.new" "$out/$archive"
sha256="$(sha256sum "$out/$archive" | cut -d' ' -f1)"

# The template's leading comment tells how it is rendered: not part of the manifest.
sed -e '1,/^apiVersion:/{/^#/d}' \
  -e "s|@PERFSCALE_VERSION@|$version|g" \
  -e "s|@PERFSCALE_KREW_URI@|$uri|g" \
  -e "s|@PERFSCALE_KREW_SHA256@|$sha256|g" \
  -e "s|@PERFSCALE_KREW_ARCH@|$arch|g" \
  -e "s|@PERFSCALE_MIN_GLIBC@|$min_glibc|g" \
  "$template" >"$out/perfscale.yaml.new"
# A packaged file the template does not list (kubectl_complete-perfscale when the build has
# it) joins the files list, which ends the template.
tail -n1 "$out/perfscale.yaml.new" | grep -q '^      to: ' ||
  { echo "error: $template must end with the platform's files list" >&2; exit 1; }
for f in "$stage"/*; do
  name="$(basename "$f")"
  grep -q "^    - from: $name\$" "$out/perfscale.yaml.new" ||
    printf '    - from: %s\n      to: .\n' "$name" >>"$out/perfscale.yaml.new"
done
if grep -n '@[A-Z_]*@' "$out/perfscale.yaml.new" >&2; then
  echo "error: $template: placeholders left unrendered (above)" >&2
  exit 1
fi
mv "$out/perfscale.yaml.new" "$out/perfscale.yaml"
echo "$min_glibc" >"$out/min-glibc.txt"

echo "krew package: $out/$archive ($(du -k "$out/$archive" | cut -f1) KiB, sha256 $sha256)"
for b in "$stage"/*; do
  [[ -x $b && ! -d $b ]] && echo "  $(basename "$b"): $(du -k "$b" | cut -f1) KiB"
done
echo "  needs glibc $min_glibc or newer; manifest: $out/perfscale.yaml"
