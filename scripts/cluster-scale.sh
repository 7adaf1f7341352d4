#!/usr/bin/env bash
# The runs behind docs/cluster.md: Akka.NET cluster member mode at growing N, then ClusterClient mode.
# Each run is bounded (--max-seconds, 330 s by default) and appends one JSON line to $OUT; `uptime` goes to
# stderr before each. A member series stops at its first N that does not converge (bigger N only fail longer).
# Usage: scripts/cluster-scale.sh [member|member-procs|member-paced|client|all]   (default all)
set -uo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/cluster-scale.jsonl}
what=${1:-all}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Srs.ClusterScale -c Release -nologo -clp:ErrorsOnly || exit 1
B=bench/Srs.ClusterScale/bin/Release/net10.0/srs-cluster-scale

run() {
  echo "== $* ($(uptime))" >&2
  "$B" "$@" --out "$OUT" >/dev/null
  local rc=$?
  [ $rc -eq 0 ] || echo "(exit $rc: did not converge / not all clients answered)" >&2
  return $rc
}

if [[ $what == member || $what == all ]]; then
  # All N systems in one process.
  for n in 10 25 50 75 100 150 200; do run member --nodes "$n" || break; done
fi
if [[ $what == member-procs || $what == all ]]; then
  # The same spread over 4 OS processes of about N/4 systems each (the seed in the first).
  for n in 25 50 75 100 150 200; do run member --nodes "$n" --processes 4 || break; done
fi
if [[ $what == member-paced || $what == all ]]; then
  # No join storm: 2 new members a second.
  run member --nodes 100 --join-rate 2
fi
if [[ $what == client || $what == all ]]; then
  # One gateway process; the clients in 4 worker processes.
  for n in 100 200 500 1000; do run client --clients "$n" --processes 4 || break; done
fi
echo "results: $OUT" >&2
