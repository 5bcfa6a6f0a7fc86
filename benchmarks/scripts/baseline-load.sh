#!/usr/bin/env bash
# Baseline for statsd-load.sh: the same sender against a bare JVM UDP receiver (UdpCount.java, the
# launcher's heap/GC flags), reporting the same columns. Same environment variables.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=load-common.sh
. "$here/load-common.sh"
LINES="${LINES:-2000000}"; PER_DATAGRAM="${PER_DATAGRAM:-1}"; RATE="${RATE:-0}"; PORT="${PORT:-18125}"
RCVBUF="${RCVBUF:-4194304}"
work="$(mktemp -d /tmp/baseline-load.XXXXXX)"; trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/statsd-sender" "$here/statsd-sender.c"
mkdir "$work/classes" && javac -d "$work/classes" "$here/UdpCount.java"
java -XX:+UseSerialGC -Xms8m -Xmx48m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xss256k -XX:-UsePerfData \
  -cp "$work/classes" UdpCount "$PORT" "$RCVBUF" > "$work/out" 2>&1 &
pid=$!
for _ in $(seq 1 200); do grep -q bound "$work/out" && break; sleep 0.05; done
d0="$(udp_drops "$PORT")"
sender="$("$work/statsd-sender" 127.0.0.1 "$PORT" "$LINES" "$PER_DATAGRAM" "$RATE")"
sleep 1
d1="$(udp_drops "$PORT")"
cpu="$(cpu_seconds "$pid")"
hwm="$(vm_hwm_kb "$pid")"
wait "$pid" || true
counted="$(sed -n 's/^lines=//p' "$work/out")"
awk -v lines="$LINES" -v counted="${counted:-0}" -v cpu="$cpu" -v hwm="$hwm" -v per="$PER_DATAGRAM" -v rate="$RATE" \
    -v drops="$((d1 - d0))" -v sender="$sender" -v rb="$(head -1 "$work/out")" 'BEGIN {
  printf "| bare JVM receiver | %d | %d | %s | %d | %.5f | %d | %.2f | %.3f | %.1f |\n", lines, per, (rate == 0 ? "max" : rate), counted, counted / lines, drops, cpu, cpu / (lines / 1e6), hwm / 1024
  printf "sender: %s; %s\n", sender, rb
}'
