#!/usr/bin/env bash
# The issue-2 fan-out benchmark, end to end, on loopback: srs-node against nginx-rtmp, one core each.
#
#   bench/fanout.sh [--players N] [--duration S] [--ramp R] [--runs K] [--servers "node nginx"]
#                   [--latency S] [--node-set PATH=VALUE]... [--node-env NAME=VALUE]... [--nginx-chunk-size N] [--max-load L]
#                   [--nice N] [--perf] [--base-dll PATH] [--base-set PATH=VALUE]... [--base-env NAME=VALUE]...
#                   [--loaded-latency [--video-kbps K]] [--out FILE] [--keep]
#
# Builds Release once; then, for each run and each server in turn: starts the server pinned to core 1 (SERVER_CPU in
# the environment changes it; nginx gets --nginx-chunk-size, 60000 as ours by default), measures light-load latency
# (srs-bench latency: 1 publisher, 1 player, --latency S, 0 to skip), then
# publishes a ~1 Mbit/s H.264+AAC clip with ffmpeg (-re -stream_loop -1 -c copy) and opens N players with srs-bench
# fanout (load tool and publisher on core 0, TOOL_CPU). The server's CPU is read from /proc/PID/stat (utime+stime)
# over the steady-state window: from 2 s after every player is connected to 2 s before the players stop. Peak RSS is
# VmHWM from /proc/PID/status (nginx: its single worker). One table at the end; the raw outputs stay in the work
# directory with --keep. --perf also counts the server's system calls and context switches over the window
# (perf stat on tracepoints; linux-perf is installed if missing). --base-dll PATH adds server "base": another build of
# srs-node (say, of the previous commit) run exactly like "node", for before/after comparisons in one rotation
# (--servers "node base"); --base-set PATH=VALUE gives "base" its own --set (say, srs.rtmp.merge-write=off), with
# --base-dll or without it (then "base" is this build; a path not ending in .dll is a NativeAOT program, run as itself), and --base-env NAME=VALUE its own environment. --loaded-latency makes srs-bench latency the loaded stream's
# publisher instead of ffmpeg: one of the stream's own players measures the frame latency over the steady window,
# while the N players are connected (its video at --video-kbps, 900 by default, plus 64 kbit/s of audio). Every process this script starts is stopped on exit, whatever the exit.
# The machine is shared: the benchmark runs in a session of its own at nice -10 (its autogroup and each process;
# --nice N, root only) so that other people's builds on the same two cores disturb the figures less; --max-load L also
# waits (up to 5 min) for a quieter moment.
set -euo pipefail
BENCH_NAME=fanout
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"  # log, the build, the clip, ports, PIDS and stopping them, nap
cd "$ROOT"

PLAYERS=1000
DURATION=30
RAMP=250
RUNS=2
SERVERS="node nginx"
LATENCY=20
NGINX_CHUNK=60000
MAX_LOAD=""
NICE=-10
OUT=""
NODE_SETS=()
NODE_ENV=()
PERF=0
BASE_DLL=""
BASE_SETS=()
BASE_ENV=()
LOADED_LATENCY=0
VIDEO_KBPS=900
SERVER_CPU=${SERVER_CPU:-1}
TOOL_CPU=${TOOL_CPU:-0}

ORIGINAL_ARGS=("$@")
usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --players) PLAYERS=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --ramp) RAMP=${2%/s}; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    --latency) LATENCY=$2; shift 2 ;;
    --node-set) NODE_SETS+=(--set "$2"); shift 2 ;;
    --node-env) NODE_ENV+=("$2"); shift 2 ;;
    --nginx-chunk-size) NGINX_CHUNK=$2; shift 2 ;;
    --max-load) MAX_LOAD=$2; shift 2 ;;
    --nice) NICE=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --perf) PERF=1; shift ;;
    --base-dll) BASE_DLL=$(realpath "$2"); shift 2 ;;
    --base-set) BASE_SETS+=(--set "$2"); shift 2 ;;
    --base-env) BASE_ENV+=("$2"); shift 2 ;;
    --loaded-latency) LOADED_LATENCY=1; shift ;;
    --video-kbps) VIDEO_KBPS=$2; shift 2 ;;
    -h|--help) usage 0 ;;
    *) echo "fanout.sh: unknown argument $1" >&2; usage 2 ;;
  esac
done
for v in PLAYERS DURATION RAMP RUNS LATENCY NGINX_CHUNK VIDEO_KBPS; do
  [[ ${!v} =~ ^[0-9]+$ ]] || { echo "fanout.sh: ${v,,} must be a whole number, got '${!v}'" >&2; exit 2; }
done
[ "$DURATION" -ge 15 ] || { echo "fanout.sh: --duration must be at least 15 s (ramp, then a steady window)" >&2; exit 2; }

# ---- what the run needs ----
need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v nginx >/dev/null 2>&1 || need+=(nginx)
[ -f /usr/lib/nginx/modules/ngx_rtmp_module.so ] || need+=(libnginx-mod-rtmp)
command -v ss >/dev/null 2>&1 || need+=(iproute2)
[ "$PERF" = 0 ] || command -v perf >/dev/null 2>&1 || need+=(linux-perf)
install_packages "${need[@]}"
[[ $NICE =~ ^-?[0-9]+$ ]] || { echo "fanout.sh: --nice must be a whole number" >&2; exit 2; }
[ "$(id -u)" = 0 ] || [ "$NICE" -ge 0 ] || NICE=0
# With autogroup scheduling (the default), nice only ranks processes of one session against each other, and every
# other session (other people's builds) gets as much CPU as this whole benchmark. So the benchmark runs in a session of
# its own whose autogroup gets the nice value. The parent only waits, and passes Ctrl-C/TERM on to it.
if [ -z "${FANOUT_SESSION:-}" ] && [ "$NICE" != 0 ] && [ -w /proc/self/autogroup ] && command -v setsid >/dev/null 2>&1; then
  FANOUT_SESSION=1 setsid "$0" "${ORIGINAL_ARGS[@]}" &
  session=$!
  trap 'kill -TERM "$session" 2>/dev/null' INT TERM
  rc=0
  while :; do
    wait "$session" && rc=0 || rc=$?
    kill -0 "$session" 2>/dev/null || break
  done
  exit "$rc"
fi
if [ -n "${FANOUT_SESSION:-}" ]; then
  echo "$NICE" >/proc/self/autogroup 2>/dev/null || echo "fanout.sh: could not set this session's autogroup nice" >&2
fi
# Every process of the benchmark: pinned to a core, at the benchmark's priority. Only ever run with &: the subshell,
# taskset and nice all exec, so $! is the program itself.
on_server() { exec taskset -c "$SERVER_CPU" nice -n "$NICE" "$@"; }
on_tools() { exec taskset -c "$TOOL_CPU" nice -n "$NICE" "$@"; }
[ "$(nproc)" -ge 2 ] || log "warning: $(nproc) core(s): server and load tool will share a core"

build_release
make_clip
CLIP_KBPS=$(ffprobe -v error -show_entries format=bit_rate -of csv=p=0 "$CLIP" | awk '{printf "%d", $1/1000}')
# Fed: at least 90% of the clip's rate (FLV tag overhead and RTMP chunk headers roughly cancel out).
FED_KBPS=$(( CLIP_KBPS * 9 / 10 ))
# srs-bench latency's stream: --video-kbps of video and 43 AAC frames of 186 bytes a second (64 kbit/s).
[ "$LOADED_LATENCY" = 0 ] || FED_KBPS=$(( (VIDEO_KBPS + 64) * 9 / 10 ))

# Everything started from here on is listed in PIDS and stopped on exit.
setup_work

ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
[ "$(ulimit -n)" -ge $((PLAYERS * 2 + 64)) ] || log "warning: open-file limit $(ulimit -n) is low for $PLAYERS players"

CLK_TCK=$(getconf CLK_TCK)
PERF_EVENTS=raw_syscalls:sys_enter,syscalls:sys_enter_sendmsg,syscalls:sys_enter_sendto,syscalls:sys_enter_writev,syscalls:sys_enter_write
PERF_EVENTS+=,syscalls:sys_enter_recvmsg,syscalls:sys_enter_recvfrom,syscalls:sys_enter_read,syscalls:sys_enter_readv
PERF_EVENTS+=,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_epoll_ctl,syscalls:sys_enter_futex,syscalls:sys_enter_sched_yield
PERF_EVENTS+=,context-switches
now() { date +%s.%N; }
peak_rss_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
established() { ss -Htn state established "( sport = :$1 )" 2>/dev/null | wc -l; }
# Waits for a process of ours to end, at most $2 seconds (then stops it); its exit code, 124 on time-out.
wait_bounded() {
  local pid=$1 i rc=0
  for i in $(seq 1 $(( $2 * 10 ))); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" || rc=$?; return "$rc"; }
    sleep 0.1
  done
  log "pid $pid still running after $2 s: stopping it"
  stop_pids "$pid"; wait "$pid" 2>/dev/null || true
  return 124
}
wait_for_quiet_machine() {
  [ -n "$MAX_LOAD" ] || return 0
  local i load
  for i in $(seq 1 60); do
    load=$(cut -d' ' -f1 /proc/loadavg)
    awk -v l="$load" -v m="$MAX_LOAD" 'BEGIN { exit !(l <= m) }' && return 0
    [ "$i" = 1 ] && log "load $load above $MAX_LOAD: waiting (up to 5 min)"
    nap 5
  done
  log "load still $(cut -d' ' -f1 /proc/loadavg): measuring anyway"
}

start_node() {  # -> SERVER_PID, MEASURE_PID, PORT
  SERVER_ENV=()
  start_srs_node "$1" "$NODE_DLL"
}
start_base() {
  [ -n "$BASE_DLL" ] || [ ${#BASE_SETS[@]} -gt 0 ] || [ ${#BASE_ENV[@]} -gt 0 ] ||
    { log "server 'base' needs --base-dll, --base-set or --base-env"; return 1; }
  SERVER_ENV=(${BASE_ENV[@]+"${BASE_ENV[@]}"})
  start_srs_node "$1" "${BASE_DLL:-$NODE_DLL}" ${BASE_SETS[@]+"${BASE_SETS[@]}"}
}
start_srs_node() {
  local dll=$2 out=$1/server.log
  shift 2
  PORT=$(free_port)
  local http; http=$(free_port "$PORT")
  local program=(dotnet "$dll")
  [[ "$dll" == *.dll ]] || program=("$dll") # a NativeAOT srs-node (deploy/package.sh) runs as itself
  on_server env DOTNET_gcServer=0 "${NODE_ENV[@]}" ${SERVER_ENV[@]+"${SERVER_ENV[@]}"} "${program[@]}" --bind 127.0.0.1 --rtmp-port "$PORT" --http-port "$http" \
    --set srs.hls.enabled=off "${NODE_SETS[@]}" "$@" >"$out" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID"); MEASURE_PID=$SERVER_PID
  wait_listening "$PORT" "$SERVER_PID"
}

start_nginx() {  # -> SERVER_PID (master), MEASURE_PID (its worker), PORT
  PORT=$(free_port)
  local dir=$1/nginx
  mkdir -p "$dir/logs"
  cat >"$dir/nginx.conf" <<EOF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
worker_rlimit_nofile $((PLAYERS * 2 + 1024));
pid $dir/nginx.pid;
error_log $dir/logs/error.log warn;
events { worker_connections $((PLAYERS + 512)); }
rtmp {
    server {
        listen 127.0.0.1:$PORT;
        chunk_size $NGINX_CHUNK;
        application live { live on; }
    }
}
EOF
  on_server nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" >"$1/server.log" 2>&1 &
  SERVER_PID=$!; PIDS+=("$SERVER_PID")
  wait_listening "$PORT" "$SERVER_PID"
  MEASURE_PID=$(awk '{print $1}' "/proc/$SERVER_PID/task/$SERVER_PID/children")
  [ -n "$MEASURE_PID" ] || { log "nginx has no worker"; return 1; }
}

# A server that died (or was killed from outside) gets a row saying so instead of figures.
alive() {
  kill -0 "$MEASURE_PID" 2>/dev/null && return 0
  log "$1: the server process is gone (crashed or killed from outside); see its log"
  printf '%s\t%s\tdied\t-\t-\t%s\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\n' "$1" "$run" "$PLAYERS" >>"$RESULTS"
  forget_pid "$SERVER_PID"
  return 1
}

# ---- one server, one run ----
RESULTS=$WORK/results.tsv
printf 'server\trun\tcpu_pct\trss_mb\tfed\tplayers\tkbps_min\tkbps_p50\tkbps_max\tfps_min\tlat_p50\tlat_p99\ttool_cpu_pct\twindow_s\tload\tsyscalls_per_s_per_player\tloaded_p50\tloaded_p99\trss_end_mb\n' >"$RESULTS"

run_one() {
  local server=$1 run=$2 dir=$WORK/$1-$2
  mkdir -p "$dir"
  wait_for_quiet_machine
  "start_$server" "$dir"
  log "$server run $run: pid $MEASURE_PID on core $SERVER_CPU, rtmp 127.0.0.1:$PORT"

  # Light load first: one publisher, one player, nothing else on the server.
  local lat_p50=- lat_p99=-
  if [ "$LATENCY" -gt 0 ]; then
    on_tools dotnet "$BENCH_DLL" latency --url "rtmp://127.0.0.1:$PORT/live/latency" \
      --duration "$LATENCY" >"$dir/latency.out" 2>"$dir/latency.err" &
    local lat=$!; PIDS+=("$lat")
    wait_bounded "$lat" $((LATENCY + 30)) || log "latency run failed (see $dir/latency.err)"
    forget_pid "$lat"
    read -r lat_p50 lat_p99 < <(sed -n 's|.*ms min/p50/p90/p99/max [^/]*/\([^/]*\)/[^/]*/\([^/]*\)/.*|\1 \2|p' "$dir/latency.out") || true
    log "$server latency: $(cat "$dir/latency.out" 2>/dev/null)"
  fi

  alive "$server" || return 0
  local url=rtmp://127.0.0.1:$PORT/live/cam1
  if [ "$LOADED_LATENCY" = 1 ]; then
    # The loaded stream's own publisher and one of its players: measuring from 2 s after the last player's nominal
    # connect (3 s, then the ramp) to 3 s before the players stop. The player joins 0.5 s after publishing starts.
    local ramp_s=$(( (PLAYERS + RAMP - 1) / RAMP ))
    local warm=$(( 3 + ramp_s + 2 )) measured=$(( DURATION - ramp_s - 5 ))
    [ "$measured" -ge 5 ] || { log "--loaded-latency needs --duration above the ramp time + 10 s"; return 1; }
    on_tools dotnet "$BENCH_DLL" latency --url "$url" --warmup "$warm" --duration "$measured" --video-kbps "$VIDEO_KBPS" \
      >"$dir/loaded-latency.out" 2>"$dir/loaded-latency.err" &
  else
    on_tools ffmpeg -hide_banner -loglevel error -nostdin -re -stream_loop -1 -i "$CLIP" -c copy -f flv "$url" \
      >"$dir/publisher.log" 2>&1 &
  fi
  local pub=$!; PIDS+=("$pub")
  nap 3  # the publisher is in and a GOP is cached

  local bench_start; bench_start=$(now)
  on_tools dotnet "$BENCH_DLL" fanout --url "$url" --players "$PLAYERS" \
    --duration "$DURATION" --ramp "$RAMP/s" --fed-kbps "$FED_KBPS" >"$dir/fanout.out" 2>"$dir/fanout.err" &
  local bench=$!; PIDS+=("$bench")

  # Steady state: every player connected (the publisher is one more connection, the latency tool's player another),
  # then 2 s to settle.
  local deadline ready=0 connections=$(( PLAYERS + 1 + LOADED_LATENCY ))
  deadline=$(awk -v s="$bench_start" -v d="$DURATION" 'BEGIN { printf "%.3f", s + d - 8 }')
  while awk -v n="$(now)" -v d="$deadline" 'BEGIN { exit !(n < d) }'; do
    if [ "$(established "$PORT")" -ge "$connections" ]; then ready=1; break; fi
    sleep 0.25
  done
  [ "$ready" = 1 ] || log "warning: only $(( $(established "$PORT") - connections + PLAYERS )) of $PLAYERS players connected; measuring what there is"
  nap 2
  local t0 c0 b0 t1 c1 b1 end_at
  t0=$(now); c0=$(cpu_ticks "$MEASURE_PID"); b0=$(cpu_ticks "$bench")
  end_at=$(awk -v s="$bench_start" -v d="$DURATION" 'BEGIN { printf "%.3f", s + d - 2 }')
  local left perf_pid=""
  left=$(awk -v e="$end_at" -v n="$(now)" 'BEGIN { w = e - n; printf "%.2f", (w > 0 ? w : 0) }')
  if [ "$PERF" = 1 ]; then
    perf stat -x, -o "$dir/perf.csv" -e "$PERF_EVENTS" -p "$MEASURE_PID" -- sleep "$left" >/dev/null 2>&1 &
    perf_pid=$!; PIDS+=("$perf_pid")
  fi
  nap "$left"
  t1=$(now); c1=$(cpu_ticks "$MEASURE_PID"); b1=$(cpu_ticks "$bench")
  local end_rss_kb; end_rss_kb=$(rss_kb "$MEASURE_PID" 2>/dev/null || echo 0)
  if [ -n "$perf_pid" ]; then wait_bounded "$perf_pid" 10 || true; forget_pid "$perf_pid"; fi
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  alive "$server" || { stop_pids "$bench" "$pub"; forget_pid "$bench"; forget_pid "$pub"; return 0; }

  wait_bounded "$bench" 60 || log "srs-bench fanout failed (see $dir/fanout.err)"
  forget_pid "$bench"
  local rss_kb; rss_kb=$(peak_rss_kb "$MEASURE_PID")
  local loaded_p50=- loaded_p99=-
  if [ "$LOADED_LATENCY" = 1 ]; then
    wait_bounded "$pub" 30 || log "loaded latency run failed (see $dir/loaded-latency.err)"
    read -r loaded_p50 loaded_p99 < <(sed -n 's|.*ms min/p50/p90/p99/max [^/]*/\([^/]*\)/[^/]*/\([^/]*\)/.*|\1 \2|p' "$dir/loaded-latency.out") || true
    log "$server loaded latency: $(cat "$dir/loaded-latency.out" 2>/dev/null)"
  fi
  stop_pids "$pub"; forget_pid "$pub"
  stop_pids "$SERVER_PID"; forget_pid "$SERVER_PID"

  local window cpu tool_cpu
  window=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
  cpu=$(awk -v a="$c0" -v b="$c1" -v w="$window" -v h="$CLK_TCK" 'BEGIN { printf "%.1f", (b - a) / h / w * 100 }')
  tool_cpu=$(awk -v a="$b0" -v b="$b1" -v w="$window" -v h="$CLK_TCK" 'BEGIN { printf "%.1f", (b - a) / h / w * 100 }')
  local kmin kp50 kmax fmin fed
  read -r kmin kp50 kmax < <(sed -n 's|.*kbps min/p50/max \([0-9.]*\)/\([0-9.]*\)/\([0-9.]*\);.*|\1 \2 \3|p' "$dir/fanout.out") || true
  read -r fmin < <(sed -n 's|.*fps min/p50/max \([0-9.]*\)/.*|\1|p' "$dir/fanout.out") || true
  read -r fed < <(sed -n 's|^fanout fed: \([0-9]*\) of.*|\1|p' "$dir/fanout.out") || true
  local sys_pp=-
  if [ -s "$dir/perf.csv" ]; then
    # raw_syscalls:sys_enter counts every system call; per second of the perf window and per player.
    sys_pp=$(awk -F, -v w="$left" -v n="$PLAYERS" '$3 == "raw_syscalls:sys_enter" && w > 0 { printf "%.1f", $1 / w / n }' "$dir/perf.csv")
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$server" "$run" "$cpu" \
    "$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')" "${fed:--}" "$PLAYERS" "${kmin:--}" "${kp50:--}" "${kmax:--}" \
    "${fmin:--}" "$lat_p50" "$lat_p99" "$tool_cpu" "$window" "$load" "${sys_pp:--}" "${loaded_p50:--}" "${loaded_p99:--}" \
    "$(awk -v k="${end_rss_kb:-0}" 'BEGIN { printf "%.1f", k / 1024 }')" >>"$RESULTS"
  log "$server run $run: cpu ${cpu}% over ${window} s, peak rss $((rss_kb / 1024)) MB, $(head -n 2 "$dir/fanout.out" | tail -n 1)"
}

log "machine: nice $NICE (autogroup: $(cat /proc/self/autogroup 2>/dev/null || echo none)); $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1), load $(cut -d' ' -f1-3 /proc/loadavg)"
log "clip $CLIP_KBPS kbit/s; $PLAYERS players for $DURATION s at $RAMP/s; fed = at least $FED_KBPS kbit/s; runs: $RUNS"
for run in $(seq 1 "$RUNS"); do
  for server in $SERVERS; do
    run_one "$server" "$run"
  done
done

{
  echo
  printf '%-7s %3s %7s %12s %11s %18s %7s %14s %16s %8s %6s %9s\n' server run "CPU %" "RSS peak/end" "fed" "kbps min/p50/max" "fps min" "lat p50/p99 ms" "loaded p50/p99" "tool %" load "sys/s/pl"
  tail -n +2 "$RESULTS" | while IFS=$'\t' read -r s r cpu rss fed n kmin kp50 kmax fmin l50 l99 tool _ load spp lp50 lp99 rss_end; do
    printf '%-7s %3s %7s %12s %11s %18s %7s %14s %16s %8s %6s %9s\n' "$s" "$r" "$cpu" "$rss/$rss_end" "$fed/$n" \
      "$(printf '%.0f/%.0f/%.0f' "$kmin" "$kp50" "$kmax" 2>/dev/null || echo -)" "$fmin" "$l50/$l99" "$lp50/$lp99" "$tool" "$load" "$spp"
  done
  echo
  echo "CPU %: server process over the steady window (100 = one core); RSS: peak (VmHWM, start-up included) and at the"
  echo "window's end (VmRSS, MB); fed: players at >= $FED_KBPS kbit/s"
  echo "(90% of the clip's $CLIP_KBPS); lat: frame latency at light load (1 publisher, 1 player); tool %: srs-bench fanout"
  echo "on core $TOOL_CPU; load: 1-min load average at the window's end; sys/s/pl: server system calls per second per player (--perf);"
  echo "loaded: frame latency of a player of the loaded stream over the steady window (--loaded-latency)."
} | tee "$WORK/table.txt"
[ -z "$OUT" ] || { cp "$RESULTS" "$OUT"; log "results in $OUT"; }
