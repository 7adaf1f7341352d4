#!/usr/bin/env bash
# CPU and RSS of srs-node serving N LL-HLS viewers of one camera-like stream (docs/http.md, Figures): a Release node
# on free ports with fMP4 LL-HLS (fragment 1s, parts 200ms) and the per-address HTTP limits raised (all viewers come
# from 127.0.0.1), ffmpeg publishing 25 fps H.264 at ~1 Mbit/s (a keyframe a second) over RTMP, then
# `srs-bench llhls` with N viewers, each following the live edge as hls.js does (a blocking reload and the hinted
# part at once). The node's CPU over the viewers' steady part (10 s after their start to 5 s before their end), its RSS.
# Usage: bench/llhls-load.sh N [DURATION_S]
set -euo pipefail
BENCH_NAME=llhls-load
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
N=${1:?number of LL-HLS viewers}
DURATION=${2:-40}
setup_work
build_release
RTMP=$(free_port); HTTP=$(free_port "$RTMP")
dotnet "$NODE_DLL" --bind 127.0.0.1 --rtmp-port "$RTMP" --http-port "$HTTP" --rtsp-port "$(free_port "$RTMP" "$HTTP")" \
  --set srs.webrtc.enabled=off --set srs.hls.container=fmp4 --set srs.hls.low-latency=on --set srs.hls.fragment=1s \
  --set srs.limits.http-max-connections-per-ip=10000 --set srs.limits.http-max-connections=10000 \
  --set srs.limits.http-accept-burst-per-ip=10000 --set srs.limits.http-accept-rate-per-ip=10000 >"$WORK/node.log" 2>&1 &
NODE=$!; PIDS+=("$NODE")
wait_listening "$HTTP" "$NODE"
ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=1280x720:rate=25 -c:v libx264 -preset ultrafast -tune zerolatency \
  -bf 0 -g 25 -b:v 1M -maxrate 1M -bufsize 1M -pix_fmt yuv420p -f flv "rtmp://127.0.0.1:$RTMP/live/cam1" >"$WORK/ffmpeg.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$HTTP/live/cam1.m3u8" && break; sleep 0.1; done
log "$N LL-HLS viewers for $DURATION s"
dotnet "$BENCH_DLL" llhls --url "http://127.0.0.1:$HTTP/live/cam1.m3u8" --viewers "$N" --duration "$DURATION" >"$WORK/bench.out" 2>&1 &
BENCH=$!; PIDS+=("$BENCH")
nap 10
t1=$(cpu_ticks "$NODE"); nap $(( DURATION - 15 )); t2=$(cpu_ticks "$NODE")
rss=$(awk '/VmRSS/{print $2}' "/proc/$NODE/status")
wait "$BENCH" || true; forget_pid "$BENCH"
cat "$WORK/bench.out"
echo "viewers=$N node_cpu_percent=$(echo "scale=1; ($t2-$t1)*100/$(getconf CLK_TCK)/($DURATION-15)" | bc) rss_kb=$rss" \
  "node_errors=$(grep -ciE 'error|exception' "$WORK/node.log" || true)"
