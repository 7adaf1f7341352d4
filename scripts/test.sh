#!/usr/bin/env bash
# Installs what the tests need (ffmpeg, rtmpdump, nginx with its RTMP module, Debian's chromium, qemu-user,
# clang-14/lld/llvm-14 for NativeAOT and an arm64 sysroot) when missing, builds the NativeAOT packages once,
# runs every test, then runs the interop subset in AOT_SUBSET again against the NativeAOT linux-x64 node and gateway.
# Usage: scripts/test.sh [extra dotnet test arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v rtmpdump >/dev/null 2>&1 || need+=(rtmpdump)
# The RTMP client's interop tests run their own nginx-rtmp (a server we did not write) on a loopback port.
command -v nginx >/dev/null 2>&1 || need+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || need+=(libnginx-mod-rtmp)
[ -n "${SRS_CHROMIUM:-}" ] || [ -x /usr/bin/chromium ] || need+=(chromium)
# The ARM smoke test (tests/Srs.Interop.Tests/Arm) runs the linux-arm64 package under qemu-user.
command -v qemu-aarch64 >/dev/null 2>&1 || need+=(qemu-user)
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
# libsrtp 2 as a second SRTP implementation (tests/Srs.Interop.Tests/WebRtc/SrtpLibsrtpTests.cs calls it directly).
ldconfig -p 2>/dev/null | grep -q 'libsrtp2\.so\.1' || need+=(libsrtp2-1)
# The DTLS server handshakes with openssl s_client (tests/Srs.Interop.Tests/WebRtc).
command -v openssl >/dev/null 2>&1 || need+=(openssl)
# NativeAOT packages (deploy/package.sh): clang-14 compiles and links, lld links the cross-compiled arm64 build,
# llvm-objcopy-14 splits the symbols off.
command -v clang-14 >/dev/null 2>&1 || need+=(clang-14)
command -v ld.lld >/dev/null 2>&1 || need+=(lld)
command -v llvm-objcopy-14 >/dev/null 2>&1 || need+=(llvm-14)
# A real RTSP camera (tests/Srs.Interop.Tests/Rtsp): GStreamer's gst-rtsp-server run by Debian's python.
/usr/bin/python3 -c "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer" >/dev/null 2>&1 \
  || need+=(gstreamer1.0-rtsp gir1.2-gst-rtsp-server-1.0 python3-gst-1.0 gstreamer1.0-plugins-good gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# arm64 libraries for qemu-aarch64 -L (glibc, libstdc++, OpenSSL), fetched once into ~/.cache/srs/arm64-sysroot
# without adding a dpkg architecture (deploy/arm64-sysroot.sh). If that fails the other tests still run; the
# ARM tests then try again themselves and fail with the reason.
deploy/arm64-sysroot.sh >/dev/null || echo "test.sh: the arm64 sysroot could not be made: the ARM tests will fail" >&2

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Playwright drives the system's chromium (tests/Srs.Interop.Tests/Browser): it must never fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
dotnet build Srs.sln -c Release -nologo -clp:ErrorsOnly

# The NativeAOT packages, built once: linux-arm64 for the qemu smoke test (tests/Srs.Interop.Tests/Arm), linux-x64
# for the second interop pass below. A failed build fails the run, after the other tests.
aot=$(mktemp -d)
aot_rc=0
# srs-gateway: linux-x64 only, for the mesh tests of that pass (the gateway runs on a server, not under qemu).
if deploy/package.sh --program srs-node --out "$aot" > "$aot/package.log" 2>&1 \
  && deploy/package.sh --program srs-gateway --rid linux-x64 --out "$aot" >> "$aot/package.log" 2>&1; then
  tail -3 "$aot/package.log"
  export SRS_ARM64_PACKAGE="$(ls "$aot"/srs-node-*-linux-arm64.tar.gz)"
else
  aot_rc=1
  echo "=== test.sh: deploy/package.sh (NativeAOT) failed ==="; tail -60 "$aot/package.log"
fi
# One test project at a time: the interop tests run ffmpeg, Chromium and qemu, and on a 2-core machine running the
# unit tests beside them only adds scheduling stalls to both. CI shows only the tail of this output, so the
# failures are repeated at the end with their messages and stacks.
log=$(mktemp)
rc=0
for project in tests/*/*.Tests.csproj; do
  set +e
  dotnet test "$project" -c Release --no-build --logger "console;verbosity=normal" "$@" 2>&1 | tee -a "$log"
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" -eq 0 ] || rc=$status
done
# The interop tests that cover what reflection could break under NativeAOT (actor creation, HOCON types, serializers,
# remoting with TLS, the command line, the API, metrics, the embedded page, WHEP with BouncyCastle), against the packaged native node.
AOT_SUBSET="FullyQualifiedName~.Rtmp.|FullyQualifiedName~.Http.|FullyQualifiedName~.Api.|FullyQualifiedName~RawH264TcpIngestTests\
|FullyQualifiedName~PublishCommandTests|FullyQualifiedName~PublishCommandLineTests|FullyQualifiedName~NodeCommandLineTests\
|FullyQualifiedName~StreamTokenTests|FullyQualifiedName~ApiTokenTests|FullyQualifiedName~.LimitsTests|FullyQualifiedName~.Mesh.\
|FullyQualifiedName~.WebRtc.Whep|FullyQualifiedName~.Rtsp.|FullyQualifiedName~StartupMemoryTests|FullyQualifiedName~GatewayLimitsTests|FullyQualifiedName~FileWatchTests"
native="$aot/publish/srs-node-linux-x64/srs-node/srs-node"
native_gateway="$aot/publish/srs-gateway-linux-x64/srs-gateway/srs-gateway"
if [ "$aot_rc" -eq 0 ] && [ -x "$native" ] && [ -x "$native_gateway" ]; then
  echo "=== test.sh: the interop subset against the NativeAOT node $native and gateway $native_gateway ==="
  set +e
  SRS_NODE_BINARY="$native" SRS_GATEWAY_BINARY="$native_gateway" dotnet test tests/Srs.Interop.Tests -c Release --no-build --logger "console;verbosity=normal" \
    --filter "$AOT_SUBSET" "$@" 2>&1 | tee -a "$log"
  status=${PIPESTATUS[0]}
  set -e
  [ "$status" -eq 0 ] || rc=$status
else
  rc=1
fi
rm -rf "$aot"
if [ "$rc" -ne 0 ]; then
  echo "=== test.sh: a test run exited $rc; the failures again ==="
  grep -E -A 25 '^\s+Failed [A-Za-z]|\[FAIL\]|Test Run Aborted|crashed' "$log" | head -300
fi
rm -f "$log"
exit "$rc"
