#!/usr/bin/env bash
# Installs what the tests need (ffmpeg, rtmpdump, nginx with its RTMP module, Debian's chromium) when
# missing, then runs every test.
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
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Playwright drives the system's chromium (tests/Srs.Interop.Tests/Browser): it must never fetch a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
dotnet build Srs.sln -c Release -nologo -clp:ErrorsOnly
dotnet test Srs.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
