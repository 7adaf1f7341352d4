#!/usr/bin/env bash
# CPU and RSS of srs-node serving N LL-HLS viewers of one camera-like stream (docs/http.md, Figures): a Release node on
# free ports with fMP4 LL-HLS (1 s segments of 200 ms parts), ffmpeg publishing 25 fps H.264 at ~1 Mbit/s over RTMP,
# then `srs-bench llhls` with N viewers, each doing what hls.js does at the live edge (a blocking playlist reload and
# the hinted part, per part). The node's CPU over the viewers' steady part (from 10 s after their start to 5 s before
# their end) and its RSS at the end, from /proc.
# Usage: bench/llhls-load.sh N [DURATION_S]
set -euo pipefail
BENCH_NAME=llhls-load
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
N=${1:?number of LL-HLS viewers}
DURATION=${2:-40}
setup_work
build_release
start_node_with_camera -- --set srs.hls.container=fmp4 --set srs.hls.low-latency=on --set srs.hls.fragment=1s \
  --set srs.limits.http-max-connections=100000 --set srs.limits.http-max-connections-per-ip=100000 \
  --set srs.limits.http-accept-rate-per-ip=100000 --set srs.limits.http-accept-burst-per-ip=100000
nap 3 # the first parts
idle1=$(cpu_ticks "$NODE"); nap 5; idle2=$(cpu_ticks "$NODE")
log "$N LL-HLS viewers for $DURATION s"
dotnet "$BENCH_DLL" llhls --url "http://127.0.0.1:$HTTP/live/cam1.m3u8" --viewers "$N" --duration "$DURATION" >"$WORK/bench.out" 2>&1 &
BENCH=$!; PIDS+=("$BENCH")
nap 10
t1=$(cpu_ticks "$NODE"); nap $(( DURATION - 15 )); t2=$(cpu_ticks "$NODE")
rss=$(awk '/VmRSS/{print $2}' "/proc/$NODE/status")
wait "$BENCH" || true; forget_pid "$BENCH"
cat "$WORK/bench.out"
tck=$(getconf CLK_TCK)
echo "viewers=$N node_cpu_percent=$(echo "scale=1; ($t2-$t1)*100/$tck/($DURATION-15)" | bc)" \
  "node_cpu_percent_before_viewers=$(echo "scale=1; ($idle2-$idle1)*100/$tck/5" | bc) rss_kb=$rss" \
  "node_errors=$(grep -ciE 'error|exception' "$WORK/node.log" || true)"
