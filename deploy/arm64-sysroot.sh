#!/usr/bin/env bash
# Makes an arm64 (aarch64) sysroot for running the linux-arm64 package under qemu-user:
#   qemu-aarch64 -L DIR DIR/../srs-node ...
# and for linking the NativeAOT linux-arm64 build on this x86-64 machine (clang --target=aarch64-linux-gnu
# --sysroot=DIR -fuse-ld=lld, see deploy/package.sh). It holds only the Debian arm64 libraries a .NET program
# needs (glibc, libstdc++, libgcc_s, and OpenSSL's libcrypto/libssl for the RTMP handshake's HMAC-SHA256) and
# the C runtime the linker needs (glibc's crt*.o and link libraries, GCC's crtbegin/crtend and libgcc),
# unpacked with dpkg-deb -x.
#
# The machine's dpkg is left alone: no `dpkg --add-architecture`, nothing installed. apt runs with its own
# state and cache under DIR/.apt, told that the only architecture is arm64, and reads the machine's Debian
# sources; `apt-get download` then fetches the arm64 .debs by name.
#
# Usage: deploy/arm64-sysroot.sh [DIR]     (default ~/.cache/srs/arm64-sysroot)
# Idempotent: a sysroot that is complete (DIR/.complete lists the same packages) is kept as it is.
# Needs: apt-get, dpkg-deb (any Debian or Ubuntu machine). Prints DIR on its last line.
set -euo pipefail

DIR="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/srs/arm64-sysroot}"
# What the published program loads (readelf -d on its native libraries, see docs/arm.md):
# libc6 (libc, libm, libdl, libpthread, librt, ld-linux-aarch64), libstdc++6, libgcc-s1, and libssl3
# (dlopen'ed by System.Security.Cryptography.Native.OpenSsl for HMACSHA256 in the RTMP complex handshake).
# For linking: libc6-dev (crt1.o, crti.o, libc.so, libm.so, libc_nonshared.a) and libgcc-12-dev (crtbeginS.o,
# libgcc.a, libgcc_s.so), GCC 12 being Debian 12's; SRS_ARM64_GCC_DEV names another (e.g. libgcc-13-dev).
PACKAGES=(libc6 libgcc-s1 libstdc++6 libssl3 libc6-dev "${SRS_ARM64_GCC_DEV:-libgcc-12-dev}")
# No zlib: System.IO.Compression.Native links it statically. No ICU: InvariantGlobalization=true.

if [ -f "$DIR/.complete" ] && [ "$(cat "$DIR/.complete")" = "${PACKAGES[*]}" ] \
   && [ -e "$DIR/lib/ld-linux-aarch64.so.1" ]; then
  echo "arm64 sysroot already complete"
  echo "$DIR"
  exit 0
fi

mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
APTDIR="$DIR/.apt"
mkdir -p "$APTDIR/state/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/sources.list.d" "$APTDIR/debs"
: > "$APTDIR/state/status"

# The machine's Debian sources (deb822 *.sources or one-line *.list), without third-party repositories,
# which often publish amd64 only. SRS_ARM64_APT_SOURCES may name a sources file to use instead.
rm -f "$APTDIR/sources.list.d/"*
if [ -n "${SRS_ARM64_APT_SOURCES:-}" ]; then
  cp "$SRS_ARM64_APT_SOURCES" "$APTDIR/sources.list.d/"
else
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # keep files that point at a Debian or Ubuntu archive (deb.debian.org, security, mirrors, ports)
    if grep -Eq '^[^#]*(debian|ubuntu)' "$f"; then
      case "$f" in *.sources) cp "$f" "$APTDIR/sources.list.d/$(basename "$f")";;
                   *)         cp "$f" "$APTDIR/sources.list.d/$(basename "$f" .list)-$(echo "$f" | md5sum | cut -c1-6).list";; esac
    fi
  done
fi
if [ -z "$(ls -A "$APTDIR/sources.list.d")" ]; then
  echo "arm64-sysroot: no Debian/Ubuntu apt sources found under /etc/apt (set SRS_ARM64_APT_SOURCES)" >&2
  exit 1
fi
# Ubuntu serves arm64 from ports.ubuntu.com, not archive.ubuntu.com/security.ubuntu.com.
sed -i -E 's#https?://(archive|security)\.ubuntu\.com/ubuntu#http://ports.ubuntu.com/ubuntu-ports#g; s#https?://[a-z]+\.archive\.ubuntu\.com/ubuntu#http://ports.ubuntu.com/ubuntu-ports#g' \
  "$APTDIR/sources.list.d/"*

APT_OPTS=(
  -o APT::Architecture=arm64
  -o APT::Architectures=arm64
  -o Dir::State="$APTDIR/state"
  -o Dir::State::status="$APTDIR/state/status"
  -o Dir::Cache="$APTDIR/cache"
  -o Dir::Etc::SourceList=/dev/null
  -o Dir::Etc::SourceParts="$APTDIR/sources.list.d"
  -o APT::Get::List-Cleanup=0
  -o APT::Sandbox::User=root
)
echo "arm64-sysroot: apt-get update (isolated state in $APTDIR)"
apt-get "${APT_OPTS[@]}" update -qq
echo "arm64-sysroot: downloading ${PACKAGES[*]} for arm64"
(cd "$APTDIR/debs" && rm -f ./*.deb && apt-get "${APT_OPTS[@]}" download "${PACKAGES[@]}")

for deb in "$APTDIR/debs/"*.deb; do
  case "$(dpkg-deb -f "$deb" Architecture)" in
    arm64) ;;
    *) echo "arm64-sysroot: $deb is not an arm64 package" >&2; exit 1;;
  esac
  dpkg-deb -x "$deb" "$DIR"
done

# usrmerge: Debian 12's libc6 ships /lib/ld-linux-aarch64.so.1 and /lib/aarch64-linux-gnu/, later ones
# ship them under /usr/lib only. Make both spellings resolve inside the sysroot.
for d in lib lib64; do
  if [ ! -e "$DIR/$d" ] && [ -d "$DIR/usr/$d" ]; then ln -s "usr/$d" "$DIR/$d"; fi
done
if [ ! -e "$DIR/lib/ld-linux-aarch64.so.1" ]; then
  echo "arm64-sysroot: no lib/ld-linux-aarch64.so.1 after unpacking ${PACKAGES[*]}" >&2
  exit 1
fi

rm -rf "$APTDIR"   # the arm64 package lists (~30 MB) are not needed any more
echo "${PACKAGES[*]}" > "$DIR/.complete"
echo "arm64 sysroot ready: $(du -sh "$DIR" | cut -f1)"
echo "$DIR"
