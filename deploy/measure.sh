#!/usr/bin/env bash
# Measures the figures of docs/arm.md from the packages that deploy/package.sh made:
#   package size (tar.gz), start-up time to "RTMP listening" (and "HTTP listening"), idle RSS, and RSS with
#   one publisher + ten RTMP players + one HLS player + one HTTP-FLV player (RSS, its private part and PSS), natively (linux-x64) and emulated (linux-arm64 under
#   qemu-aarch64 with the sysroot of deploy/arm64-sysroot.sh).
#
# Usage: deploy/measure.sh [options]
#   --runs N            start-up runs per target, the median is given (default 5)
#   --load-seconds S    how long the load runs before its RSS is read (default 60: RSS levels off after ~45 s)
#   --only native|emulated
#   --env "K=V K=V"     extra environment for the node (e.g. "DOTNET_TieredPGO=0")
#   --unit-env          use the Environment= lines of deploy/srs-node.service (as on the device)
#   --artifacts DIR     where package.sh put its output (default artifacts)
#   --native PATH       the program to run natively (JIT vs NativeAOT: run once with each package's program) (default ARTIFACTS/publish/srs-node-linux-x64/srs-node/srs-node;
#                       on a board: --only native --native /opt/srs-node/srs-node)
#   --no-load           start-up figures only
# Needs: ffmpeg, qemu-aarch64 (emulated), the packages (deploy/package.sh), the sysroot (made when missing).
# Prints a markdown table; the logs stay in $TMPDIR/srs-measure.*.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
RUNS=5
LOAD_SECONDS=60
ONLY=""
EXTRA_ENV=""
UNIT_ENV=0
ART="$ROOT/artifacts"
NATIVE=""
NO_LOAD=0
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift 2;;
    --load-seconds) LOAD_SECONDS="$2"; shift 2;;
    --only) ONLY="$2"; shift 2;;
    --env) EXTRA_ENV="$2"; shift 2;;
    --unit-env) UNIT_ENV=1; shift;;
    --artifacts) ART="$2"; shift 2;;
    --native) NATIVE="$2"; shift 2;;
    --no-load) NO_LOAD=1; shift;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0;;
    *) echo "measure.sh: unknown option $1" >&2; exit 2;;
  esac
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/srs-measure.XXXXXX")"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

NODE_ENV=()
if [ "$UNIT_ENV" = 1 ]; then
  while IFS= read -r kv; do NODE_ENV+=("$kv"); done < <(sed -n 's/^Environment=//p' "$ROOT/deploy/srs-node.service")
fi
for kv in $EXTRA_ENV; do NODE_ENV+=("$kv"); done

X64="${NATIVE:-$ART/publish/srs-node-linux-x64/srs-node/srs-node}"
ARM64="$ART/publish/srs-node-linux-arm64/srs-node/srs-node"
SYSROOT=""
if [ "$ONLY" != native ]; then
  command -v qemu-aarch64 >/dev/null || { echo "measure.sh: qemu-aarch64 missing (apt-get install qemu-user)" >&2; exit 1; }
  SYSROOT="$("$ROOT/deploy/arm64-sysroot.sh" | tail -1)"
fi

rss_kb() { awk '/^VmRSS/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# RssAnon + RssShmem: private memory (heaps, stacks, JIT'd code); the rest of VmRSS is clean file pages (code).
priv_kb() { awk '/^RssAnon|^RssShmem/{s+=$2} END{print s+0}' "/proc/$1/status" 2>/dev/null || echo 0; }
# PSS: resident pages shared with other processes counted by share (smaps_rollup); with one node, close to RSS.
pss_kb() { awk '/^Pss:/{print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
hwm_kb() { awk '/^VmHWM/{print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
median() { sort -n | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else print int((a[NR/2]+a[NR/2+1])/2) }'; }

CLK_TCK=$(getconf CLK_TCK)
# CPU time (user + system) the process has used so far, in ms: start-up cost, whatever else the machine runs.
cpu_ms() { awk -v t="$CLK_TCK" '{print int(($14 + $15) * 1000 / t)}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# The start-up poll uses only shell builtins (no grep, date or sleep processes every few ms), so the measuring
# loop neither competes with the starting node for the cores nor adds its own fork latency to the figure.
now_us() { NOW_US=${EPOCHREALTIME/[.,]/}; }
log_has() { local line; while IFS= read -r line; do [[ $line == *"$1"* ]] && return 0; done < "$2"; return 1; }
exec {PAUSE_FD}<> <(:)   # read -t on a pipe nobody writes to: a 5 ms pause without a sleep process

# start_node LABEL RTMP HTTP CMD... : starts the node, sets NODE_PID, T_RTMP, C_RTMP (CPU ms), T_HTTP (ms from exec).
start_node() {
  local label="$1" rtmp="$2" http="$3"; shift 3
  local log="$WORK/${label//[^A-Za-z0-9._-]/_}.log"
  : > "$log"   # there before the node's shell opens it: the poll reads it at once
  local t0; now_us; t0=$NOW_US
  env "${NODE_ENV[@]}" "$@" --bind 127.0.0.1 --rtmp-port "$rtmp" --http-port "$http" > "$log" 2>&1 &
  NODE_PID=$!
  PIDS+=("$NODE_PID")
  T_RTMP=""; T_HTTP=""; C_RTMP=""
  while [ -z "$T_HTTP" ]; do
    if [ -z "$T_RTMP" ] && log_has "RTMP listening" "$log"; then now_us; T_RTMP=$(( (NOW_US - t0) / 1000 )); C_RTMP=$(cpu_ms "$NODE_PID"); fi
    if [ -n "$T_RTMP" ] && log_has "HTTP listening" "$log"; then now_us; T_HTTP=$(( (NOW_US - t0) / 1000 )); fi
    now_us
    if ! kill -0 "$NODE_PID" 2>/dev/null; then echo "measure.sh: node $label died:" >&2; cat "$log" >&2; exit 1; fi
    if [ $(( (NOW_US - t0) / 1000 )) -gt 120000 ]; then echo "measure.sh: node $label did not start in 120 s" >&2; exit 1; fi
    read -r -t 0.005 -u "$PAUSE_FD" || true
  done
}
stop_node() { kill "$NODE_PID" 2>/dev/null || true; wait "$NODE_PID" 2>/dev/null || true; }

# The load clip: 10 s of 1280x720 at 25 fps, 2 Mbit/s H.264 (keyframe every 2 s) + AAC, like a camera.
CLIP="$WORK/cam.flv"
[ "$NO_LOAD" = 1 ] || ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=440 \
  -t 10 -c:v libx264 -preset veryfast -b:v 2M -maxrate 2M -bufsize 2M -g 50 -pix_fmt yuv420p \
  -c:a aac -b:a 64k -f flv -y "$CLIP"

measure_target() {
  local name="$1"; shift
  local starts=() https=() cpus=()
  for i in $(seq 1 "$RUNS"); do
    start_node "$name-start$i" 19935 18935 "$@"
    starts+=("$T_RTMP"); https+=("$T_HTTP"); cpus+=("$C_RTMP")
    stop_node
  done
  local t_rtmp t_http c_rtmp
  t_rtmp=$(printf '%s\n' "${starts[@]}" | median)
  t_http=$(printf '%s\n' "${https[@]}" | median)
  c_rtmp=$(printf '%s\n' "${cpus[@]}" | median)
  if [ "$NO_LOAD" = 1 ]; then
    printf '| %s | %s ms (%s) | %s ms | %s ms | | | | | |\n' "$name" "$t_rtmp" "${starts[*]}" "$c_rtmp" "$t_http" >> "$WORK/table"
    return
  fi

  start_node "$name-load" 19935 18935 "$@"
  sleep 5
  local idle; idle=$(rss_kb "$NODE_PID")
  local idle_priv; idle_priv=$(priv_kb "$NODE_PID")
  local idle_pss; idle_pss=$(pss_kb "$NODE_PID")
  local url=rtmp://127.0.0.1:19935/live/cam
  ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -i "$CLIP" -c copy -f flv "$url" > "$WORK/${name//[^A-Za-z0-9._-]/_}-pub.log" 2>&1 &
  PIDS+=($!); local pub=$!
  sleep 3
  local players=()
  for i in $(seq 1 10); do
    ffmpeg -hide_banner -loglevel error -nostdin -i "$url" -c copy -f null - > "$WORK/${name//[^A-Za-z0-9._-]/_}-play$i.log" 2>&1 &
    PIDS+=($!); players+=($!)
  done
  sleep 4
  ffmpeg -hide_banner -loglevel error -nostdin -i http://127.0.0.1:18935/live/cam.m3u8 -c copy -f null - > "$WORK/${name//[^A-Za-z0-9._-]/_}-hls.log" 2>&1 &
  PIDS+=($!); players+=($!)
  ffmpeg -hide_banner -loglevel error -nostdin -i http://127.0.0.1:18935/live/cam.flv -c copy -f null - > "$WORK/${name//[^A-Za-z0-9._-]/_}-flv.log" 2>&1 &
  PIDS+=($!); players+=($!)
  local peak=0 r
  for s in $(seq 1 "$LOAD_SECONDS"); do
    sleep 1
    r=$(rss_kb "$NODE_PID"); [ "$r" -gt "$peak" ] && peak=$r
  done
  local load; load=$(rss_kb "$NODE_PID")
  local load_priv; load_priv=$(priv_kb "$NODE_PID")
  local load_pss; load_pss=$(pss_kb "$NODE_PID")
  local hwm; hwm=$(hwm_kb "$NODE_PID")
  local alive=0
  for p in "${players[@]}"; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
  kill "$pub" "${players[@]}" 2>/dev/null || true
  stop_node
  printf '| %s | %s ms (%s) | %s ms | %s ms | %s MB (%s, PSS %s) | %s MB (%s, PSS %s) | %s MB | %s MB | %s/12 |\n' "$name" "$t_rtmp" "${starts[*]}" "$c_rtmp" "$t_http" \
    "$((idle / 1024))" "$((idle_priv / 1024))" "$((idle_pss / 1024))" "$((load / 1024))" "$((load_priv / 1024))" "$((load_pss / 1024))" \
    "$((peak / 1024))" "$((hwm / 1024))" "$alive" >> "$WORK/table"
}

{
  echo "node environment: ${NODE_ENV[*]:-(none)}"
  echo
  echo "| package | size |"
  echo "| --- | --- |"
  for f in "$ART"/srs-node-*.tar.gz; do [ -f "$f" ] && echo "| $(basename "$f") | $(awk -v b="$(stat -c %s "$f")" 'BEGIN{printf "%.1f MiB (%d bytes)", b/1048576, b}') |"; done
  echo
} > "$WORK/head"
echo "| target | RTMP listening, median (runs) | CPU used by then | HTTP listening | idle RSS (private, PSS) | RSS under load (private, PSS) | peak RSS (1 s samples) | VmHWM | players alive |" > "$WORK/table"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |" >> "$WORK/table"
if [ "$ONLY" != emulated ]; then
  [ -x "$X64" ] || { echo "measure.sh: $X64 missing: run deploy/package.sh first" >&2; exit 1; }
  measure_target "native ${X64#"$ROOT"/}" "$X64"
fi
if [ "$ONLY" != native ]; then
  [ -x "$ARM64" ] || { echo "measure.sh: $ARM64 missing: run deploy/package.sh first" >&2; exit 1; }
  measure_target "emulated ${ARM64#"$ROOT"/} (qemu-aarch64)" qemu-aarch64 -L "$SYSROOT" "$ARM64"
fi
cat "$WORK/head" "$WORK/table"
echo
echo "(machine load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores)"
echo "(load: 1 publisher of a 1280x720 2 Mbit/s clip, 10 RTMP players, 1 HLS player, 1 HTTP-FLV player, RSS read after ${LOAD_SECONDS} s; logs in $WORK)"
