# Helpers shared by the bench/*.sh scripts, which source this file after setting BENCH_NAME (their log prefix).
# Sourcing only defines things (ROOT, KEEP, CLIP and functions); setup_work makes the work directory and the exit trap.
# shellcheck shell=bash

: "${BENCH_NAME:?set BENCH_NAME before sourcing bench/lib.sh}"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
KEEP=0  # 1: leave $WORK in place on exit (--keep)

log() { printf '[%s %s] %s\n' "$BENCH_NAME" "$(date +%H:%M:%S)" "$*" >&2; }

# Installs the given Debian packages, if any (a script lists what it finds missing).
install_packages() {
  [ $# -gt 0 ] || return 0
  log "installing $*"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# The node and the load tool, built once in Release.
# shellcheck disable=SC2034  # NODE_DLL and BENCH_DLL are for the scripts
build_release() {  # -> NODE_DLL, BENCH_DLL
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  log "building Release"
  dotnet build "$ROOT/src/Srs.Node" -c Release -nologo --disable-build-servers -clp:ErrorsOnly >/dev/null
  dotnet build "$ROOT/bench/Srs.Bench" -c Release -nologo --disable-build-servers -clp:ErrorsOnly >/dev/null
  NODE_DLL=$ROOT/src/Srs.Node/bin/Release/net10.0/srs-node.dll
  BENCH_DLL=$ROOT/bench/Srs.Bench/bin/Release/net10.0/srs-bench.dll
}

# The clip: made once, 60 s of 25 fps H.264 (x264, CBR ~900 kbit/s, GOP 2 s, no B-frames, as IP cameras send) and
# 64 kbit/s AAC; ffmpeg loops it with -c copy, so publishing costs next to nothing.
CLIP=$ROOT/bench/.cache/clip-720p-900k.flv
make_clip() {
  [ ! -s "$CLIP" ] || return 0
  mkdir -p "$(dirname "$CLIP")"
  log "encoding the clip once: $CLIP"
  ffmpeg -hide_banner -loglevel error -y \
    -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 -t 60 \
    -map 0:v -map 1:a -c:v libx264 -preset veryfast -profile:v main -bf 0 -g 50 -keyint_min 50 -sc_threshold 0 \
    -b:v 900k -minrate 900k -maxrate 900k -bufsize 900k -x264-params nal-hrd=cbr:force-cfr=1 -pix_fmt yuv420p \
    -c:a aac -b:a 64k -ac 2 -f flv "$CLIP.tmp" && mv "$CLIP.tmp" "$CLIP"
}

# ---- ports and processes ----
listening() { [ -n "$(ss -Htln "( sport = :$1 )" 2>/dev/null)" ]; }
free_port() {  # [taken port]... (chosen already, not listening yet)
  local p
  while :; do
    p=$(( 20000 + RANDOM % 12000 ))
    [[ " $* " == *" $p "* ]] || listening "$p" || { echo "$p"; return; }
  done
}
wait_listening() {  # port pid
  local _
  for _ in $(seq 1 150); do
    listening "$1" && return 0
    kill -0 "$2" 2>/dev/null || { log "server exited before listening"; return 1; }
    sleep 0.1
  done
  log "server not listening on $1 after 15 s"; return 1
}
# utime+stime of a whole process (all threads), in clock ticks; the fields after the ')' of the command name.
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }

# Every process a script starts in the background goes into PIDS; setup_work stops them all on exit, whatever the exit.
PIDS=()
forget_pid() { local keep=() p; for p in "${PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done; PIDS=("${keep[@]}"); }

# Prints "depth pid" for $1 and its descendants. Each is stopped (SIGSTOP) before its children are listed: a stopped
# loop subshell cannot start its next child, and a child is found only while its parent lives (an orphan is reparented).
freeze_tree() {  # pid [depth]
  local c d=${2:-0}
  kill -STOP "$1" 2>/dev/null || return 0
  echo "$d $1"
  for c in $(pgrep -P "$1"); do freeze_tree "$c" $(( d + 1 )); done
}
# A zombie has exited already (kill -0 still succeeds on it until it is reaped).
pid_alive() { kill -0 "$1" 2>/dev/null && [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" != Z ]; }
# Stops the given processes and everything they started: TERM, up to 3 s to exit, then KILL. The TERM goes to the
# processes and their children, as a loop subshell passes no signal on; grandchildren get it from their parent
# (timeout, nginx's master) only, as ffmpeg quits without a clean close on a second one. The KILL goes to all left.
stop_pids() {
  local all=() term=() left d p pid _
  for p in "$@"; do
    while read -r d pid; do all+=("$pid"); [ "$d" -gt 1 ] || term+=("$pid"); done < <(freeze_tree "$p")
  done
  [ ${#all[@]} -gt 0 ] || return 0
  kill -TERM "${term[@]}" 2>/dev/null || true
  kill -CONT "${all[@]}" 2>/dev/null || true  # a stopped process gets its pending TERM when it continues
  for _ in $(seq 1 30); do
    left=()
    for pid in "${all[@]}"; do ! pid_alive "$pid" || left+=("$pid"); done  # per pid: kill -0 a b fails if one is gone
    [ ${#left[@]} -gt 0 ] || return 0
    all=("${left[@]}")
    sleep 0.1
  done
  kill -KILL "${all[@]}" 2>/dev/null || true
}

# A Release node on free ports (other than the ports given before --) with the node arguments given after --, and
# ffmpeg's 720p camera publishing live/cam1 to it over RTMP: 25 fps H.264 at ~1 Mbit/s, no B-frames, a keyframe a
# second. Both go into PIDS; returns once the node logs the publish. Needs NODE_DLL (build_release) and WORK.
start_node_with_camera() {  # [taken port]... -- [node argument]...  -> RTMP, HTTP, NODE
  local taken=()
  while [ $# -gt 0 ] && [ "$1" != -- ]; do taken+=("$1"); shift; done
  [ $# -eq 0 ] || shift
  RTMP=$(free_port "${taken[@]}"); HTTP=$(free_port "${taken[@]}" "$RTMP")
  dotnet "$NODE_DLL" --bind 127.0.0.1 --rtmp-port "$RTMP" --http-port "$HTTP" \
    --rtsp-port "$(free_port "${taken[@]}" "$RTMP" "$HTTP")" "$@" >"$WORK/node.log" 2>&1 &
  NODE=$!; PIDS+=("$NODE")
  wait_listening "$HTTP" "$NODE"
  ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=1280x720:rate=25 -c:v libx264 -preset ultrafast -tune zerolatency \
    -bf 0 -g 25 -b:v 1M -maxrate 1M -bufsize 1M -pix_fmt yuv420p -f flv "rtmp://127.0.0.1:$RTMP/live/cam1" >"$WORK/ffmpeg.log" 2>&1 &
  PIDS+=($!)
  local _
  for _ in $(seq 1 100); do grep -q "published by" "$WORK/node.log" && break; sleep 0.1; done
  grep -q "published by" "$WORK/node.log" || { log "the stream was not published"; cat "$WORK/node.log" >&2; exit 1; }
}

# A sleep that a signal interrupts at once (bash runs traps only between foreground commands, not during one).
NAP_PID=""
nap() { sleep "$1" & NAP_PID=$!; wait "$NAP_PID" 2>/dev/null || true; NAP_PID=""; }

# Makes the work directory $WORK and the trap that stops every process in PIDS on exit (Ctrl-C and TERM included).
setup_work() {
  WORK=$(mktemp -d "/tmp/srs-$BENCH_NAME.XXXXXX")
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$NAP_PID" ] || kill "$NAP_PID" 2>/dev/null || true
  stop_pids "${PIDS[@]}"
  wait 2>/dev/null || true
  if [ "$KEEP" = 1 ]; then log "outputs kept in $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
