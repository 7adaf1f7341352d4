#!/usr/bin/env bash
# Builds the packages of every program under src/ (srs-node, srs-gateway) for Linux devices:
# artifacts/NAME-VERSION-RID.tar.gz, one directory NAME/ inside, meant to be unpacked into /opt (see docs/arm.md).
# By default each program is compiled ahead of time (NativeAOT): one native executable, no .NET runtime, no JIT.
# linux-arm64 is cross-compiled here: clang-14 --target=aarch64-linux-gnu, lld and the arm64 sysroot of
# deploy/arm64-sysroot.sh (glibc's and GCC's C runtime). Nothing has to be installed on the device but glibc and
# OpenSSL (libssl3 or libssl1.1), which every Raspberry Pi OS / Debian / Ubuntu image has.
# Build machine: clang-14, lld, llvm-14 (llvm-objcopy) and dpkg-deb (Debian packages of those names).
#
# Usage: deploy/package.sh [VERSION] [options]
#   VERSION          default: <Version> of Directory.Build.props
#   --rid RID        build only this runtime (repeatable); default: linux-arm64 linux-x64
#   --jit            the self-contained JIT build instead (the .NET runtime and ReadyToRun assemblies, ~350 files)
#   --linux-arm      also build linux-arm (32-bit ARMv7: Pi 2/3/4 on a 32-bit OS), JIT only. Needs the linux-arm
#                    runtime packs (Microsoft.NETCore.App.Runtime/.Host.linux-arm, Microsoft.AspNetCore.App.Runtime.linux-arm)
#                    from the NuGet feed; ours serves none yet, so this fails at restore here. ARMv6 (Pi Zero 1,
#                    Pi 1) has no .NET runtime at all and cannot be built.
#   --trim           with --jit: trim the framework assemblies (TrimMode=partial; Akka, Akka.Hosting and our
#                    assemblies kept whole). The NativeAOT build is always trimmed (src/Aot.targets).
#   --out DIR        where packages go (default: artifacts); the unpacked trees stay in DIR/publish/NAME-RID/
#   --no-tar         publish and stage only (for tests and measurements)
#   --program NAME   package only this program, e.g. srs-node (repeatable); default: every program under src/
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

VERSION=""
RIDS=()
EXTRA_RIDS=()
TRIM=0
JIT=0
OUT="$ROOT/artifacts"
TAR=1
ONLY=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) RIDS+=("$2"); shift 2;;
    --linux-arm) EXTRA_RIDS+=(linux-arm); shift;;
    --trim) TRIM=1; shift;;
    --jit) JIT=1; shift;;
    --out) OUT="$2"; shift 2;;
    --no-tar) TAR=0; shift;;
    --program) ONLY+=("$2"); shift 2;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;;
    -*) echo "package.sh: unknown option $1" >&2; exit 2;;
    *) if [ -z "$VERSION" ]; then VERSION="$1"; shift; else echo "package.sh: unexpected $1" >&2; exit 2; fi;;
  esac
done
[ ${#RIDS[@]} -eq 0 ] && RIDS=(linux-arm64 linux-x64)
RIDS+=("${EXTRA_RIDS[@]}")
if [ -z "$VERSION" ]; then
  VERSION="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -1)"
fi
[ -n "$VERSION" ] || { echo "package.sh: no VERSION given and none in Directory.Build.props" >&2; exit 2; }
for rid in "${RIDS[@]}"; do
  case "$rid" in
    linux-armv6*|linux-armel) echo "package.sh: $rid: .NET has no runtime for ARMv6/armel (Pi Zero 1, Pi 1)" >&2; exit 2;;
  esac
done
if [ "$JIT" = 0 ]; then
  [ "$TRIM" = 0 ] || { echo "package.sh: --trim goes with --jit (the NativeAOT build is always trimmed)" >&2; exit 2; }
  [ ${#EXTRA_RIDS[@]} -eq 0 ] || { echo "package.sh: --linux-arm goes with --jit" >&2; exit 2; }
  for tool in clang-14 ld.lld llvm-objcopy-14; do
    command -v "$tool" >/dev/null || { echo "package.sh: NativeAOT needs $tool (apt-get install clang-14 lld llvm-14), or use --jit" >&2; exit 1; }
  done
fi
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

# The programs: every src/*/ project that builds an executable (OutputType Exe).
PROGRAMS=()
for proj in src/*/*.csproj; do
  grep -q '<OutputType>Exe</OutputType>' "$proj" || continue
  if [ ${#ONLY[@]} -gt 0 ]; then
    name="$(sed -n 's:.*<AssemblyName>\(.*\)</AssemblyName>.*:\1:p' "$proj" | head -1)"
    [[ " ${ONLY[*]} " == *" $name "* ]] || continue
  fi
  PROGRAMS+=("$proj")
done
[ ${#PROGRAMS[@]} -gt 0 ] || { echo "package.sh: no program under src/" >&2; exit 1; }

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PUBLISH_PROPS=(
  -p:InvariantGlobalization=true     # no ICU on the device
  -p:SatelliteResourceLanguages=en   # no translated System.CommandLine messages
  -p:Version="$VERSION"
)
if [ "$JIT" = 1 ]; then
  PUBLISH_PROPS+=(-p:PublishReadyToRun=true)   # precompiled code: start-up without JIT for most methods
  [ "$TRIM" = 1 ] && PUBLISH_PROPS+=(-p:PublishTrimmed=true -p:TrimMode=partial)
else
  # src/Aot.targets holds the rest (trimming, rooting, clang-14); llvm-objcopy splits the symbols off.
  PUBLISH_PROPS+=(-p:PublishAot=true -p:ObjCopyName=llvm-objcopy-14)
fi
HOST_ARCH="$(uname -m)"
# rid_props RID: the extra properties for one runtime (NativeAOT cross-compilation needs a sysroot and lld).
rid_props() {
  RID_PROPS=()
  [ "$JIT" = 1 ] && return
  case "$1/$HOST_ARCH" in
    linux-x64/x86_64|linux-arm64/aarch64) ;;
    linux-arm64/*)
      local sysroot
      sysroot="$("$ROOT/deploy/arm64-sysroot.sh" "${SRS_ARM64_SYSROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/srs/arm64-sysroot}" | tail -1)"
      RID_PROPS=(-p:SysRoot="$sysroot" -p:LinkerFlavor=lld);;
    *) echo "package.sh: no NativeAOT cross-compilation from $HOST_ARCH to $1 (use --jit)" >&2; exit 2;;
  esac
}

for proj in "${PROGRAMS[@]}"; do
  NAME="$(sed -n 's:.*<AssemblyName>\(.*\)</AssemblyName>.*:\1:p' "$proj" | head -1)"
  [ -n "$NAME" ] || NAME="$(basename "$proj" .csproj)"
  SHORT="${NAME#srs-}"
  CONF="hocon/$SHORT.conf"
  UNIT="deploy/$NAME.service"
  for f in "$CONF" "$UNIT" deploy/README.device.md deploy/install-service.sh; do
    [ -f "$f" ] || { echo "package.sh: $NAME needs $f" >&2; exit 1; }
  done
  for rid in "${RIDS[@]}"; do
    PUB="$OUT/publish/$NAME-$rid"
    echo "== $NAME $VERSION $rid"
    rm -rf "$PUB"
    rid_props "$rid"
    # Build servers off, so no compiler server outlives the script.
    if ! dotnet publish "$proj" -c Release -r "$rid" --self-contained true "${PUBLISH_PROPS[@]}" "${RID_PROPS[@]}" \
      -o "$PUB/$NAME" -nologo -clp:ErrorsOnly --disable-build-servers; then
      if [ "$rid" = linux-arm ]; then
        echo "package.sh: linux-arm needs Microsoft.NETCore.App.Runtime.linux-arm, Microsoft.AspNetCore.App.Runtime.linux-arm" \
             "and Microsoft.NETCore.App.Host.linux-arm from the NuGet feed (NU1101 above: the feed does not serve them)" >&2
      fi
      exit 1
    fi
    # LTTng tracing provider: it needs liblttng-ust, which devices do not have; without it the runtime
    # just skips tracing, so the file is dead weight (and one failed dlopen at start).
    rm -f "$PUB/$NAME/libcoreclrtraceptprovider.so"
    # NativeAOT's symbols (objcopy --only-keep-debug) stay beside the package, for reading a device's crash.
    if [ -f "$PUB/$NAME/$NAME.dbg" ]; then mv "$PUB/$NAME/$NAME.dbg" "$PUB/$NAME.dbg"; fi
    # Build leftovers a NativeAOT program does not read: our XML docs and PDBs, the (empty) static web assets manifest.
    [ "$JIT" = 1 ] || rm -f "$PUB/$NAME/"*.pdb "$PUB/$NAME/"*.xml "$PUB/$NAME/"*.staticwebassets.endpoints.json
    install -m 644 "$CONF" "$PUB/$NAME/$SHORT.conf"
    install -m 644 "$UNIT" "$PUB/$NAME/$NAME.service"
    sed -e "s/@NAME@/$NAME/g" -e "s/@SHORT@/$SHORT/g" -e "s/@VERSION@/$VERSION/g" -e "s/@RID@/$rid/g" \
      deploy/README.device.md > "$PUB/$NAME/README.md"
    sed -e "s/@NAME@/$NAME/g" -e "s/@SHORT@/$SHORT/g" deploy/install-service.sh > "$PUB/$NAME/install-service.sh"
    chmod 755 "$PUB/$NAME/install-service.sh" "$PUB/$NAME/$NAME"
    echo "$NAME $VERSION $rid $([ "$JIT" = 1 ] && echo jit || echo nativeaot) commit $COMMIT" > "$PUB/$NAME/VERSION"
    if [ "$TAR" = 1 ]; then
      TGZ="$OUT/$NAME-$VERSION-$rid.tar.gz"
      tar -C "$PUB" --owner=0 --group=0 --numeric-owner --sort=name -czf "$TGZ" "$NAME"
      echo "   $TGZ $(du -h "$TGZ" | cut -f1) ($(du -sh "$PUB/$NAME" | cut -f1) unpacked, $(find "$PUB/$NAME" -type f | wc -l) files)"
    fi
  done
done
