#!/usr/bin/env bash
# CPU, allocation rate and RSS of srs-node serving N RTSP players (docs/rtsp.md, "Serving many players"): ffmpeg
# publishes a 2 Mbit/s 720p25 H.264 + AAC clip over RTMP, N ffmpeg players read it over RTSP (TCP interleaved, or UDP)
# and throw it away. The node runs alone on core 1, ffmpeg on core 0. After a warm-up, the node's CPU over the window,
# its allocation rate (SRS_RUNTIME_STATS), its RSS at the end, and the frames each player got.
# Usage: dotnet build src/Srs.Node -c Release && bench/rtsp-serve-load.sh N [SECONDS] [NODE_DLL] [tcp|udp]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:?number of RTSP players}
SECONDS_WINDOW=${2:-20}
NODE_DLL=${3:-src/Srs.Node/bin/Release/net10.0/srs-node.dll}
TRANSPORT=${4:-tcp}
WORK=$(mktemp -d)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
ffmpeg -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 30 \
  -c:v libx264 -preset ultrafast -b:v 2M -maxrate 2M -bufsize 2M -g 50 -bf 0 -pix_fmt yuv420p -c:a aac -b:a 64k -f flv -y "$WORK/cam.flv"
SRS_RUNTIME_STATS=1 taskset -c 1 dotnet "$NODE_DLL" --bind 127.0.0.1 --rtmp-port 29360 --http-port 28090 --rtsp-port 28564 \
  --set srs.hls.enabled=off --set srs.webrtc.enabled=off >"$WORK/node.log" 2>"$WORK/runtime.log" &
NODE=$!
PIDS+=("$NODE")
for _ in $(seq 1 50); do grep -q 'RTSP listening' "$WORK/node.log" 2>/dev/null && break; sleep 0.2; done
taskset -c 0 ffmpeg -loglevel error -re -stream_loop -1 -i "$WORK/cam.flv" -c copy -f flv rtmp://127.0.0.1:29360/live/cam >"$WORK/pub.log" 2>&1 &
PIDS+=("$!")
sleep 2
for i in $(seq 1 "$N"); do
  taskset -c 0 ffmpeg -nostdin -loglevel error -stats -rtsp_transport "$TRANSPORT" -i rtsp://127.0.0.1:28564/live/cam -c copy -f null - >"$WORK/p$i.log" 2>&1 &
  PIDS+=("$!")
done
sleep 8
read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$NODE/stat")
from=$(wc -l <"$WORK/runtime.log")
sleep "$SECONDS_WINDOW"
read -r u2 s2 < <(awk '{print $14, $15}' "/proc/$NODE/stat")
alloc=$(tail -n +"$((from + 1))" "$WORK/runtime.log" | grep -o 'alloc [0-9.]* MB/s' | awk '{s += $2; n++} END {if (n) printf "%.2f", s / n; else print "?"}')
frames=$(for i in $(seq 1 "$N"); do tr '\r' '\n' <"$WORK/p$i.log" | grep -o 'frame= *[0-9]*' | tail -1 | tr -dc '0-9'; echo; done | sort -n | awk 'NR == 1 {min = $1} {max = $1} END {print min "-" max}')
echo "players=$N transport=$TRANSPORT node=$NODE_DLL node_cpu_percent=$(echo "scale=1; ($u2+$s2-$u1-$s1)*100/$(getconf CLK_TCK)/$SECONDS_WINDOW" | bc)" \
  "alloc_mb_per_s=$alloc rss_kb=$(awk '/VmRSS/{print $2}' "/proc/$NODE/status") player_frames_min_max=$frames"
