#!/bin/bash
# Measures what recording one ~2 Mbit/s stream adds (docs/dvr.md).
# Build first (dotnet build Srs.sln -c Release); needs ffmpeg and strace. Output: CPU, RSS, bytes and calls per 60 s.
set -u
B=${B:-/tmp/dvrbench}
BIN=${BIN:-$(dirname "$0")/../tests/Srs.Interop.Tests/bin/Release/net10.0}
[ -f $B/clip.flv ] || ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1280x720:rate=25 -f lavfi -i sine=frequency=440:sample_rate=44100 \
  -t 30 -c:v libx264 -preset veryfast -b:v 1900k -maxrate 2M -bufsize 2M -g 50 -pix_fmt yuv420p -c:a aac -b:a 64k -f flv -y $B/clip.flv
cpu() { awk '{print $14+$15}' /proc/$1/stat; }
rss() { grep VmRSS /proc/$1/status | awk '{print $2}'; }
measure() { # $1 label, rest: node args
  label=$1; shift
  rm -rf $B/rec; mkdir -p $B/rec
  dotnet $BIN/srs-node.dll --bind 127.0.0.1 --rtmp-port 19461 --http-port 18461 "$@" > $B/node-$label.log 2>&1 &
  node=$!
  sleep 6
  ffmpeg -hide_banner -loglevel error -re -stream_loop -1 -i $B/clip.flv -c copy -f flv rtmp://127.0.0.1:19461/live/cam > /dev/null 2>&1 &
  pub=$!
  sleep 20
  c0=$(cpu $node); sleep 60; c1=$(cpu $node)
  echo "$label: cpu_ticks_per_60s=$((c1-c0)) (x10ms) rss_kb=$(rss $node)"
  if [ "$label" != off ]; then
    read wb0 < <(grep ^write_bytes /proc/$node/io | awk '{print $2}')
    timeout 60 strace -f -c -e trace=write,pwrite64,writev,fsync,fdatasync -p $node -o $B/strace-$label.txt
    read wb1 < <(grep ^write_bytes /proc/$node/io | awk '{print $2}')
    echo "$label: write_bytes_per_60s=$((wb1-wb0))"; cat $B/strace-$label.txt
    du -sb $B/rec
  fi
  kill $pub; kill $node; wait $node 2>/dev/null
}
measure off
measure fragment --dvr-dir $B/rec --set srs.dvr.enabled=on
measure segment --dvr-dir $B/rec --set srs.dvr.enabled=on --set srs.dvr.fsync=segment
