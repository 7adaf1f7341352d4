#!/usr/bin/env bash
# Coverage-guided fuzzing of one target with AFL++ through SharpFuzz (docs/fuzzing.md).
# Usage: fuzz/run-afl.sh TARGET MINUTES
#   Publishes fuzz/Srs.Fuzz to $SRS_AFL_DIR/build (default /tmp/srs-afl), instruments its copy of Srs.Actors.dll with
#   the sharpfuzz tool (.config/dotnet-tools.json), runs afl-fuzz on fuzz/corpus/TARGET for MINUTES, prints the
#   figures of fuzzer_stats and copies every crash to fuzz/regressions/TARGET/afl-*. One afl-fuzz at a time.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: fuzz/run-afl.sh TARGET MINUTES}
minutes=${2:?usage: fuzz/run-afl.sh TARGET MINUTES}
work=${SRS_AFL_DIR:-/tmp/srs-afl}
build="$work/build"
out="$work/$target"

if ! command -v afl-fuzz >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq afl++ >/dev/null
fi

[ -d "fuzz/corpus/$target" ] || { echo "no corpus fuzz/corpus/$target" >&2; exit 2; }

# A fresh publish each time: instrumenting is in place and must not be applied twice.
rm -rf "$build"
dotnet publish fuzz/Srs.Fuzz -c Release -o "$build" -nologo -v quiet
dotnet tool restore >/dev/null
# Only the code under test is instrumented; the targets' own checks would only add noise to the coverage map.
dotnet sharpfuzz "$build/Srs.Actors.dll"

rm -rf "$out"
mkdir -p "$out"
# dotnet is not an AFL-instrumented binary (SharpFuzz writes the map from managed code), hence SKIP_BIN_CHECK;
# the machine is shared, hence no CPU binding; -V stops after the given time.
AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 \
  afl-fuzz -i "fuzz/corpus/$target" -o "$out" -t 5000 -m none -V $((minutes * 60)) \
  -- dotnet "$build/Srs.Fuzz.dll" afl "$target" > "$out/afl.log" 2>&1 || {
    echo "afl-fuzz failed; see $out/afl.log" >&2
    tail -20 "$out/afl.log" >&2
    exit 1
  }

stats="$out/default/fuzzer_stats"
echo "== $target: $minutes min"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|corpus_found|edges_found|total_edges|bitmap_cvg|saved_crashes|saved_hangs|stability) ' "$stats"

mkdir -p "fuzz/regressions/$target"
found=0
for crash in "$out"/default/crashes/id:*; do
  [ -e "$crash" ] || continue
  cp "$crash" "fuzz/regressions/$target/afl-$(sha1sum "$crash" | cut -c1-16)"
  found=$((found + 1))
done
echo "crashes copied to fuzz/regressions/$target: $found"
