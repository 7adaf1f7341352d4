#!/usr/bin/env bash
# CPU a node spends on one hostile raw H.264 sender: an SPS, then a 15 MB NAL unit that never ends (no start code),
# written to a raw ingest port in 64 KB pieces until the sender closes. Shows whether the Annex B reader searches each
# new piece once or rescans the whole pending NAL every read.
#
#   bench/endless-nal.sh [PATH/srs-node.dll]      (default: this tree's Release build, built if missing)
set -euo pipefail
BENCH_NAME=endless-nal
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"  # ports, PIDS and stopping them, cpu_ticks
cd "$ROOT"
DLL=${1:-src/Srs.Node/bin/Release/net10.0/srs-node.dll}
[ -f "$DLL" ] || dotnet build src/Srs.Node -c Release -nologo -clp:ErrorsOnly >/dev/null
setup_work
port=$(free_port); rtmp=$(free_port "$port"); http=$(free_port "$port" "$rtmp")
dotnet "$DLL" --bind 127.0.0.1 --rtmp-port "$rtmp" --http-port "$http" --raw-h264 "$port=live/big" >"$WORK/node.log" 2>&1 &
pid=$!; PIDS+=("$pid")
wait_listening "$port" "$pid"
before=$(cpu_ticks "$pid")
python3 - "$port" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(bytes.fromhex("0000000167640028acd9") + b"\x00\x00\x01\x65")
piece = b"\xab" * 65536
for _ in range(15 * 16):
    s.sendall(piece)
s.shutdown(socket.SHUT_WR)
s.settimeout(20)
try:
    s.recv(1)
except OSError:
    pass
PY
sleep 1
echo "endless-nal: node_cpu_ms=$(( ($(cpu_ticks "$pid") - before) * 1000 / $(getconf CLK_TCK) ))"
grep -m1 "raw H.264 sender closed\|dropped" "$WORK/node.log" || true
