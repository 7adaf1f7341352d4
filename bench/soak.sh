#!/usr/bin/env bash
# The issue-9 soak run: one node, publishers that come and go, players that rotate, for a long time; is RSS flat?
#
#   bench/soak.sh [--duration S] [--sample S] [--warmup S] [--rtmp-players N] [--unit-env] [--out FILE] [--keep]
#
# Starts a Release srs-node on free loopback ports and, until --duration (default 1800 s) is over:
#   - a main publisher (ffmpeg -re -stream_loop -1 -c copy of a ~1 Mbit/s H.264+AAC clip) on live/soak, restarted
#     every 300 s (a republish: sequence headers again, an HLS discontinuity, players carried over);
#   - a churning publisher on live/churn: 40 s on, 20 s off (a stream source, its GOP cache and HLS segmenter are
#     made and released every minute);
#   - RTMP players: srs-bench fanout runs of --rtmp-players (default 20) players for 45 s each, back to back;
#   - HTTP-FLV players: three loops of curl reading live/soak.flv for 10-50 s each, and one that reads at 1 KB/s
#     (a slow client whose queue fills and drops GOPs);
#   - HLS players: ffmpeg reading live/soak.m3u8 for 30 s (-c copy), back to back; plus curl fetching live/churn.m3u8;
#   - the API read every sample (streams and clients counted).
# --unit-env runs the node with the Environment= lines of deploy/srs-node.service (its GC heap limit and gen0 budget), as
# a device runs it. Every --sample (10 s) one CSV line: elapsed s, VmRSS kB, open fds, threads, streams, clients (from the API).
# After the load stops and 60 s of quiet (an unpublished stream's source lives on for HLS dispose, 30 s, then
# the stream idle timeout, 10 s), one more line. The report compares the RSS of the warm window (--warmup,
# 300 s, to 600 s) with the last 300 s of load, fits a line through every sample after --warmup (MB per hour),
# and checks that fds, streams and clients went back to what they were. Exit 0 when RSS is flat (last window's median
# within max(10%, 12 MB) of the warm one), 1 when not, 2 on bad arguments. Every process it starts is stopped on exit.
set -euo pipefail
BENCH_NAME=soak
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"  # log, the build, the clip, ports, PIDS and stopping them, nap
cd "$ROOT"

DURATION=1800
SAMPLE=10
WARMUP=300
RTMP_PLAYERS=20
OUT=""
UNIT_ENV=0
usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --sample) SAMPLE=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --rtmp-players) RTMP_PLAYERS=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --unit-env) UNIT_ENV=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "soak.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done
for v in DURATION SAMPLE WARMUP RTMP_PLAYERS; do
  { [[ ${!v} =~ ^[0-9]+$ ]] && [ "${!v}" -gt 0 ]; } || { echo "soak.sh: --${v,,} must be a positive whole number, got '${!v}'" >&2; exit 2; }
done
[ "$DURATION" -ge $(( WARMUP * 2 )) ] || { echo "soak.sh: --duration must be at least twice --warmup" >&2; exit 2; }

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v ss >/dev/null 2>&1 || need+=(iproute2)
install_packages "${need[@]}"
build_release
make_clip

# Everything started from here on (the node, the load loops and so their children) is stopped on exit.
setup_work
RTMP_PORT=$(free_port)
HTTP_PORT=$(free_port "$RTMP_PORT")
RTMP=rtmp://127.0.0.1:$RTMP_PORT/live
HTTP=http://127.0.0.1:$HTTP_PORT

NODE_ENV=()
if [ "$UNIT_ENV" = 1 ]; then
  mapfile -t NODE_ENV < <(sed -n 's/^Environment=//p' deploy/srs-node.service)
  log "node environment from deploy/srs-node.service: ${NODE_ENV[*]}"
fi
env "${NODE_ENV[@]}" dotnet "$NODE_DLL" --bind 127.0.0.1 --rtmp-port "$RTMP_PORT" --http-port "$HTTP_PORT" >"$WORK/node.log" 2>&1 &
NODE_PID=$!
PIDS+=("$NODE_PID")
{ wait_listening "$RTMP_PORT" "$NODE_PID" && wait_listening "$HTTP_PORT" "$NODE_PID"; } ||
  { log "node not listening; its log:"; tail -20 "$WORK/node.log" >&2; exit 1; }
log "node pid $NODE_PID, rtmp $RTMP_PORT, http $HTTP_PORT, work $WORK"

END=$(( $(date +%s) + DURATION ))
running() { [ "$(date +%s)" -lt "$END" ]; }
# Each load loop is a background subshell that stops by itself at END; stop_pids stops it and its children earlier.
main_publisher() {
  while running; do
    timeout 300 ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$CLIP" -c copy -f flv "$RTMP/soak" || true
    echo "republish" >>"$WORK/events"
  done
}
churn_publisher() {
  while running; do
    timeout 40 ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i "$CLIP" -c copy -f flv "$RTMP/churn" || true
    echo "churn" >>"$WORK/events"; sleep 20
  done
}
rtmp_players() {
  while running; do
    dotnet "$BENCH_DLL" fanout --url "$RTMP/soak" --players "$RTMP_PLAYERS" --duration 45 --ramp 10/s >>"$WORK/rtmp-players.log" 2>&1 || true
    echo "rtmp $RTMP_PLAYERS" >>"$WORK/events"
  done
}
flv_players() {
  while running; do
    curl -s -o /dev/null --max-time $(( 10 + RANDOM % 41 )) "$HTTP/live/soak.flv" || true
    echo "flv" >>"$WORK/events"; sleep 1
  done
}
slow_flv_player() {
  while running; do
    curl -s -o /dev/null --limit-rate 1k --max-time 60 "$HTTP/live/soak.flv" || true
    echo "slow-flv" >>"$WORK/events"
  done
}
hls_players() {
  while running; do
    timeout 45 ffmpeg -hide_banner -loglevel error -i "$HTTP/live/soak.m3u8" -t 30 -c copy -f null - || true
    curl -s -o /dev/null --max-time 5 "$HTTP/live/churn.m3u8" || true
    echo "hls" >>"$WORK/events"; sleep 1
  done
}
main_publisher & PIDS+=($!)
sleep 3
churn_publisher & PIDS+=($!)
rtmp_players & PIDS+=($!)
for _ in 1 2 3; do flv_players & PIDS+=($!); done
slow_flv_player & PIDS+=($!)
hls_players & PIDS+=($!)

CSV=$WORK/samples.csv
echo "elapsed_s,rss_kb,fds,threads,streams,clients,managed_kb" >"$CSV"
START=$(date +%s)
# How many objects of an API list have key $2 (0 when the list is empty or the API does not answer).
count_json() { { curl -s --max-time 5 "$HTTP/api/v1/$1?count=10000" || true; } | { grep -o "\"$2\"" || true; } | wc -l; }
sample() {
  [ -d "/proc/$NODE_PID" ] || { log "the node died; its log:"; tail -20 "$WORK/node.log" >&2; exit 1; }
  local rss fds threads streams clients managed
  rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$NODE_PID/status")
  threads=$(awk '/^Threads:/ {print $2}' "/proc/$NODE_PID/status")
  fds=$(find "/proc/$NODE_PID/fd" -mindepth 1 -maxdepth 1 | wc -l)
  streams=$(count_json streams publish)
  clients=$(count_json clients ip)
  # The managed heap as the GC last left it (prometheus-net's dotnet_total_memory_bytes): tells a managed leak from native growth.
  managed=$({ curl -s --max-time 5 "$HTTP/metrics" || true; } | awk '/^dotnet_total_memory_bytes / {printf "%d", $2 / 1024}')
  echo "$(( $(date +%s) - START )),$rss,$fds,$threads,$streams,$clients,${managed:-0}" >>"$CSV"
}
while running; do
  sample
  nap "$SAMPLE"
done
log "load over; stopping the players and publishers"
stop_pids "${PIDS[@]:1}"
PIDS=("$NODE_PID")
nap 60
sample
[ -d "/proc/$NODE_PID" ] || { log "the node died"; exit 1; }

EVENTS=$(sort "$WORK/events" 2>/dev/null | uniq -c | awk '{printf "%s%s=%s", (NR>1?" ":""), $2, $1}')
RTMP_SESSIONS=$(grep -c '^rtmp' "$WORK/events" 2>/dev/null || echo 0)
ERRORS=$(grep -ciE '\b(error|exception|unhandled)\b' "$WORK/node.log" || true)
REPORT=$(awk -F, -v warm="$WARMUP" -v dur="$DURATION" -v rtmp_players="$RTMP_PLAYERS" -v rtmp_runs="$RTMP_SESSIONS" '
  function median(a, n,   i, j, t) { for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j > 0 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
                                     return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  NR == 1 { next }
  { t[++n] = $1; rss[n] = $2 / 1024; fds[n] = $3; thr[n] = $4; st[n] = $5; cl[n] = $6; mg[n] = $7 / 1024; if (rss[n] > peak) peak = rss[n] }
  END {
    last = n; loadEnd = n - 1
    for (i = 1; i <= loadEnd; i++) {
      if (t[i] >= warm && t[i] < 2 * warm) { w[++nw] = rss[i]; wf[nw] = fds[i]; wm[nw] = mg[i] }
      if (t[i] >= dur - warm) { l[++nl] = rss[i]; lf[nl] = fds[i]; lm[nl] = mg[i] }
      if (t[i] >= warm) { sx += t[i]; sy += rss[i]; sxx += t[i] * t[i]; sxy += t[i] * rss[i]; k++ }
    }
    slope = (k > 1) ? (k * sxy - sx * sy) / (k * sxx - sx * sx) * 3600 : 0
    mw = median(w, nw); ml = median(l, nl)
    bound = mw * 0.10; if (bound < 12) bound = 12
    flat = (ml - mw <= bound) ? "flat" : "GROWING"
    printf "soak: duration_s=%d samples=%d rss_warm_mb=%.1f rss_last_mb=%.1f rss_peak_mb=%.1f slope_mb_per_h=%.1f verdict=%s\n", dur, loadEnd, mw, ml, peak, slope, flat
    printf "soak: fds_warm=%d fds_last=%d threads_last=%d | after 60 s quiet: rss_mb=%.1f fds=%d threads=%d streams=%d clients=%d\n", median(wf, nw), median(lf, nl), thr[loadEnd], rss[last], fds[last], thr[last], st[last], cl[last]
    printf "soak: managed heap (median) warm=%.1f MB last=%.1f MB\n", median(wm, nw), median(lm, nl)
    printf "soak: rtmp_player_sessions=%d\n", rtmp_runs * rtmp_players
    exit (flat == "flat") ? 0 : 1
  }' "$CSV") && FLAT=0 || FLAT=$?
echo "$REPORT"
echo "soak: loops finished: $EVENTS"
echo "soak: node log lines=$(wc -l <"$WORK/node.log") lines mentioning error/exception=$ERRORS"
[ -z "$OUT" ] || cp "$CSV" "$OUT"
exit "$FLAT"
