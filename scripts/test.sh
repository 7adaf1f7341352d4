#!/usr/bin/env bash
# Installs what the tests need (ffmpeg, rtmpdump, nginx with its RTMP module, Debian's chromium, qemu-user
# and an arm64 sysroot) when missing, then runs every test.
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
dotnet test Srs.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
