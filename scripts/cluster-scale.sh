#!/usr/bin/env bash
# The runs behind docs/cluster.md: Akka.NET cluster member mode at growing N, then ClusterClient mode.
# Each run is bounded (--max-seconds) and appends one JSON line to $OUT; `uptime` is logged before each.
# Usage: scripts/cluster-scale.sh [member|member-procs|client|all]   (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/cluster-scale.jsonl}
what=${1:-all}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Srs.ClusterScale -c Release -nologo -clp:ErrorsOnly
B=bench/Srs.ClusterScale/bin/Release/net10.0/srs-cluster-scale

run() { echo "== $* ($(uptime))" >&2; "$B" "$@" --out "$OUT" >/dev/null || echo "(exit $?)" >&2; }

if [[ $what == member || $what == all ]]; then
  # All N systems in one process.
  for n in 10 25 50 100 150 200; do run member --nodes "$n"; done
fi
if [[ $what == member-procs || $what == all ]]; then
  # The same spread over 4 OS processes of about N/4 systems each (the seed in the first).
  for n in 50 100 150 200; do run member --nodes "$n" --processes 4; done
fi
if [[ $what == client || $what == all ]]; then
  # One gateway process; the clients in 4 worker processes.
  for n in 100 200 500; do run client --clients "$n" --processes 4; done
fi
echo "results: $OUT" >&2
