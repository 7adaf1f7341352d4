#!/usr/bin/env bash
# CPU and RSS of srs-node serving N WHEP (WebRTC) viewers of one camera-like stream (docs/webrtc.md, Figures): a
# Release node on free ports, ffmpeg publishing 25 fps H.264 at ~1 Mbit/s (no B-frames, a keyframe a second) over
# RTMP, then `srs-bench whep` with N clients; the node's CPU over the clients' steady part (from 10 s after their
# start to 5 s before their end) and its RSS at the end, from /proc.
# Usage: bench/whep-load.sh N [DURATION_S]
set -euo pipefail
BENCH_NAME=whep-load
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"
N=${1:?number of WHEP clients}
DURATION=${2:-40}
setup_work
build_release
RTC=$(free_port)
start_node_with_camera "$RTC" -- --set srs.webrtc.port="$RTC" --set srs.hls.enabled=off
log "$N WHEP clients for $DURATION s"
dotnet "$BENCH_DLL" whep --url "http://127.0.0.1:$HTTP/live/cam1/whep" --clients "$N" --duration "$DURATION" >"$WORK/bench.out" 2>&1 &
BENCH=$!; PIDS+=("$BENCH")
nap 10
t1=$(cpu_ticks "$NODE"); nap $(( DURATION - 15 )); t2=$(cpu_ticks "$NODE")
rss=$(awk '/VmRSS/{print $2}' "/proc/$NODE/status")
wait "$BENCH" || true; forget_pid "$BENCH"
cat "$WORK/bench.out"
echo "clients=$N node_cpu_percent=$(echo "scale=1; ($t2-$t1)*100/$(getconf CLK_TCK)/($DURATION-15)" | bc) rss_kb=$rss" \
  "node_errors=$(grep -ciE 'error|exception' "$WORK/node.log" || true)"
