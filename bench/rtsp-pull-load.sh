#!/usr/bin/env bash
# CPU and RSS of srs-node pulling N RTSP cameras (docs/rtsp.md): one gst-rtsp-server camera (tests/Srs.Interop.Tests/Rtsp/
# gst_rtsp_camera.py, Digest) serving a 2 Mbit/s 720p25 H.264 + AAC clip, N pulls of it (each its own RTSP session),
# HLS off; the node's CPU over 20 s after an 8 s warm-up, and its RSS at the end.
# Usage: dotnet build src/Srs.Node -c Release && bench/rtsp-pull-load.sh N [TRANSPORT]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:?number of pulled cameras}
TRANSPORT=${2:-auto}
WORK=$(mktemp -d)
trap 'kill ${NODE:-} ${CAM:-} 2>/dev/null || true; rm -rf "$WORK"' EXIT
ffmpeg -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 60 \
  -c:v libx264 -preset ultrafast -b:v 2M -maxrate 2M -bufsize 2M -g 50 -bf 0 -pix_fmt yuv420p -c:a aac -b:a 64k -f matroska -y "$WORK/cam.mkv"
/usr/bin/python3 tests/Srs.Interop.Tests/Rtsp/gst_rtsp_camera.py --port 28554 --file "$WORK/cam.mkv" --user admin --password secret >"$WORK/cam.log" 2>&1 &
CAM=$!
sleep 2
ARGS=()
for i in $(seq 1 "$N"); do ARGS+=(--set "srs.pull.c$i={ stream = \"live/c$i\", url = \"rtsp://admin:secret@127.0.0.1:28554/cam\", rtsp-transport = $TRANSPORT }"); done
dotnet src/Srs.Node/bin/Release/net10.0/srs-node.dll --bind 127.0.0.1 --rtmp-port 29350 --http-port 28080 --rtsp-port 28555 \
  --set srs.hls.enabled=off "${ARGS[@]}" >"$WORK/node.log" 2>&1 &
NODE=$!
sleep 8
read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$NODE/stat")
sleep 20
read -r u2 s2 < <(awk '{print $14, $15}' "/proc/$NODE/stat")
echo "pulls=$N transport=$TRANSPORT node_cpu_percent=$(echo "scale=1; ($u2+$s2-$u1-$s1)*100/$(getconf CLK_TCK)/20" | bc)" \
  "rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$NODE/status") published=$(grep -c 'published by pull' "$WORK/node.log")"
