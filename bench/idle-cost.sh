#!/usr/bin/env bash
# What a node costs with few players: CPU, context switches, futex calls and system calls a second, idle, with one
# publisher, and with one publisher and 20 players (docs/bench.md, "idle wake-ups").
#
#   bench/idle-cost.sh [--runs K] [--players N] [--window S] [--env NAME=VALUE]... LABEL=PROGRAM...
#
# PROGRAM is a NativeAOT srs-node or an srs-node.dll (run with dotnet); with none, "node" is this tree's Release build.
# Each run measures every program in turn, alone on core 1 (SERVER_CPU), ffmpeg and the load tool on core 0 (TOOL_CPU),
# with the Environment= lines of deploy/srs-node.service (and --env). Each phase is S seconds (10) of perf stat.
set -euo pipefail
BENCH_NAME=idle-cost
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"

RUNS=2 PLAYERS=20 WINDOW=10
EXTRA_ENV=() PROGRAMS=()
while [ $# -gt 0 ]; do
  case $1 in
    --runs) RUNS=$2; shift 2 ;;
    --players) PLAYERS=$2; shift 2 ;;
    --window) WINDOW=$2; shift 2 ;;
    --env) EXTRA_ENV+=("$2"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *=*) PROGRAMS+=("$1"); shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
SERVER_CPU=${SERVER_CPU:-1} TOOL_CPU=${TOOL_CPU:-0}

missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
command -v perf >/dev/null || missing+=(linux-perf)
install_packages "${missing[@]}"
build_release
make_clip
setup_work
[ ${#PROGRAMS[@]} -gt 0 ] || PROGRAMS=("node=$NODE_DLL")
mapfile -t UNIT_ENV < <(sed -n 's/^Environment=//p' "$ROOT/deploy/srs-node.service")

# perf stat over $WINDOW seconds of the node: one line of figures a second.
measure() {  # label phase pid
  perf stat -x, -e task-clock,context-switches,syscalls:sys_enter_futex,raw_syscalls:sys_enter -p "$3" -- sleep "$WINDOW" 2>&1 |
    awk -F, -v l="$1" -v p="$2" -v w="$WINDOW" '{ v[NR] = $1 }
      END { printf "%s\t%s\t%.2f\t%.0f\t%.0f\t%.0f\n", l, p, v[1] / w / 10, v[2] / w, v[3] / w, v[4] / w }'
}

run_one() {  # label program
  local label=$1 program=$2 rtmp http cmd=()
  rtmp=$(free_port); http=$(free_port "$rtmp")
  if [[ $program == *.dll ]]; then cmd=(dotnet "$program"); else cmd=("$program"); fi
  env "${UNIT_ENV[@]}" "${EXTRA_ENV[@]}" taskset -c "$SERVER_CPU" "${cmd[@]}" --bind 127.0.0.1 --rtmp-port "$rtmp" \
    --http-port "$http" --rtsp-port "$(free_port "$rtmp" "$http")" --set srs.webrtc.port="$(free_port "$rtmp" "$http")" \
    >"$WORK/$label.node.log" 2>&1 &
  local node=$!; PIDS+=("$node")
  wait_listening "$rtmp" "$node"
  nap 5  # past the start-up memory trim (2 s)
  measure "$label" idle "$node"
  taskset -c "$TOOL_CPU" ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -i "$CLIP" -c copy -f flv \
    "rtmp://127.0.0.1:$rtmp/live/cam1" >"$WORK/$label.publisher.log" 2>&1 &
  local pub=$!; PIDS+=("$pub")
  nap 4
  measure "$label" publisher "$node"
  taskset -c "$TOOL_CPU" dotnet "$BENCH_DLL" fanout --url "rtmp://127.0.0.1:$rtmp/live/cam1" --players "$PLAYERS" \
    --duration $(( WINDOW + 20 )) --ramp 50/s >"$WORK/$label.fanout.out" 2>&1 &
  local fan=$!; PIDS+=("$fan")
  nap 6
  measure "$label" "$PLAYERS-players" "$node"
  stop_pids "$fan" "$pub" "$node"
  forget_pid "$fan"; forget_pid "$pub"; forget_pid "$node"
}

printf 'program\tphase\tcpu_pct\tctxsw_per_s\tfutex_per_s\tsyscalls_per_s\n'
for _ in $(seq 1 "$RUNS"); do
  for p in "${PROGRAMS[@]}"; do run_one "${p%%=*}" "${p#*=}"; done
done
