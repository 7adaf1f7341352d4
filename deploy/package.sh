#!/usr/bin/env bash
# Builds self-contained, ReadyToRun packages of every program under src/ (srs-node, and srs-gateway once
# src/Srs.Gateway exists) for Linux devices: artifacts/NAME-VERSION-RID.tar.gz, one directory NAME/ inside,
# meant to be unpacked into /opt (see docs/arm.md). Nothing has to be installed on the device but glibc and
# OpenSSL (libssl3 or libssl1.1), which every Raspberry Pi OS / Debian / Ubuntu image has.
#
# Usage: deploy/package.sh [VERSION] [options]
#   VERSION          default: <Version> of Directory.Build.props
#   --rid RID        build only this runtime (repeatable); default: linux-arm64 linux-x64
#   --linux-arm      also build linux-arm (32-bit ARMv7: Pi 2/3/4 on a 32-bit OS). Needs the linux-arm
#                    runtime packs (Microsoft.NETCore.App.Runtime/.Host.linux-arm, Microsoft.AspNetCore.App.Runtime.linux-arm)
#                    from the NuGet feed; ours serves none yet, so this fails at restore here. ARMv6 (Pi Zero 1,
#                    Pi 1) has no .NET runtime at all and cannot be built.
#   --trim           trim the framework assemblies (TrimMode=partial; Akka, Akka.Hosting and our assemblies kept
#                    whole). Smaller, but not the default: see docs/arm.md. Full trimming breaks Akka.Hosting.
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
OUT="$ROOT/artifacts"
TAR=1
ONLY=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rid) RIDS+=("$2"); shift 2;;
    --linux-arm) EXTRA_RIDS+=(linux-arm); shift;;
    --trim) TRIM=1; shift;;
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
  -p:PublishReadyToRun=true          # precompiled code: start-up without JIT for most methods
  -p:InvariantGlobalization=true     # no ICU on the device
  -p:SatelliteResourceLanguages=en   # no translated System.CommandLine messages
  -p:Version="$VERSION"
)
if [ "$TRIM" = 1 ]; then
  PUBLISH_PROPS+=(-p:PublishTrimmed=true -p:TrimMode=partial)
fi

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
    # Build servers off, so no compiler server outlives the script.
    if ! dotnet publish "$proj" -c Release -r "$rid" --self-contained true "${PUBLISH_PROPS[@]}" \
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
    install -m 644 "$CONF" "$PUB/$NAME/$SHORT.conf"
    install -m 644 "$UNIT" "$PUB/$NAME/$NAME.service"
    sed -e "s/@NAME@/$NAME/g" -e "s/@SHORT@/$SHORT/g" -e "s/@VERSION@/$VERSION/g" -e "s/@RID@/$rid/g" \
      deploy/README.device.md > "$PUB/$NAME/README.md"
    sed -e "s/@NAME@/$NAME/g" -e "s/@SHORT@/$SHORT/g" deploy/install-service.sh > "$PUB/$NAME/install-service.sh"
    chmod 755 "$PUB/$NAME/install-service.sh" "$PUB/$NAME/$NAME"
    echo "$NAME $VERSION $rid commit $COMMIT" > "$PUB/$NAME/VERSION"
    if [ "$TAR" = 1 ]; then
      TGZ="$OUT/$NAME-$VERSION-$rid.tar.gz"
      tar -C "$PUB" --owner=0 --group=0 --numeric-owner --sort=name -czf "$TGZ" "$NAME"
      echo "   $TGZ $(du -h "$TGZ" | cut -f1) ($(du -sh "$PUB/$NAME" | cut -f1) unpacked, $(find "$PUB/$NAME" -type f | wc -l) files)"
    fi
  done
done
