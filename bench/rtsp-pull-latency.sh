#!/usr/bin/env bash
# The latency an RTSP pull adds, camera -> RTMP player (docs/rtsp.md). The "camera" is node A's RTSP server, fed by
# srs-bench latency's publisher (synthetic H.264 + AAC frames that carry their send time); node B pulls it over RTSP
# (TCP interleaved or UDP) and srs-bench's player plays node B's RTMP. The baseline is the same run with the player on
# node A directly; the difference is what the RTSP hop and node B's pull add (node A's RTSP serving included).
# Usage: dotnet build src/Srs.Node bench/Srs.Bench -c Release && bench/rtsp-pull-latency.sh [TRANSPORT] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
TRANSPORT=${1:-tcp}
SECONDS_MEASURED=${2:-20}
WORK=$(mktemp -d)
trap 'kill ${A:-} ${B:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
NODE=src/Srs.Node/bin/Release/net10.0/srs-node.dll
BENCH=bench/Srs.Bench/bin/Release/net10.0/srs-bench.dll
dotnet "$NODE" --bind 127.0.0.1 --rtmp-port 29450 --http-port 28180 --rtsp-port 28654 --set srs.hls.enabled=off --set srs.webrtc.enabled=off >"$WORK/a.log" 2>&1 &
A=$!
dotnet "$NODE" --bind 127.0.0.1 --rtmp-port 29451 --http-port 28181 --rtsp-port 28655 --set srs.hls.enabled=off --set srs.webrtc.enabled=off \
  --set "srs.pull.cam={ stream = \"live/cam\", url = \"rtsp://127.0.0.1:28654/live/src\", rtsp-transport = $TRANSPORT, on-demand = on, on-demand-close-after = 30s }" \
  >"$WORK/b.log" 2>&1 &
B=$!
for port in 29450 29451; do
  for _ in $(seq 60); do [ -n "$(ss -Htln "( sport = :$port )")" ] && break; sleep 0.5; done
done
echo "baseline, RTMP on node A:"
dotnet "$BENCH" latency --url rtmp://127.0.0.1:29450/live/direct --duration "$SECONDS_MEASURED" --warmup 3
echo "through node B's RTSP pull ($TRANSPORT):"
dotnet "$BENCH" latency --url rtmp://127.0.0.1:29450/live/src --play-url rtmp://127.0.0.1:29451/live/cam --duration "$SECONDS_MEASURED" --warmup 5
grep -h "pull\b.*playing\|aligned\|reorder" "$WORK/b.log" || true
