#!/usr/bin/env bash
# Peer baseline for statsd-load.sh: the same sender against netdata's statsd (C), the peer whose
# figures set issue #3's targets (1.5 CPU-s per M lines single-line, 0.11 in 20-line datagrams).
# The machine's speed moves every receiver's figures, so compare the agent with this run made in
# the same session (benchmarks/scripts/statsd-load.sh, then this, then baseline-load.sh).
#
#   benchmarks/scripts/netdata-load.sh
#   LINES=4000000 PER_DATAGRAM=20 RATE=1600000 benchmarks/scripts/netdata-load.sh
#
# Needs netdata (Debian: apt-get install --no-install-recommends netdata-core). Nothing is started
# for good: the script runs a private netdata in the foreground with only its statsd plugin (and
# its own monitoring charts) on, its files in a temporary directory, its web API on loopback, and
# stops it at the end. The counted figure is read from that API: the sum over the run of the
# per-second values of the counter's chart. CPU is utime+stime of the netdata process from its
# start (its idle spawn-server child is a separate process and not counted), as for the agent.
#
# Environment: LINES, PER_DATAGRAM, RATE, PORT as for statsd-load.sh; WEB_PORT (default 19998).
# netdata sets no receive buffer: its socket has the kernel's default (net.core.rmem_default),
# which the table's last line reports.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=load-common.sh
. "$here/load-common.sh"
LINES="${LINES:-2000000}"
PER_DATAGRAM="${PER_DATAGRAM:-1}"
RATE="${RATE:-0}"
PORT="${PORT:-18125}"
WEB_PORT="${WEB_PORT:-19998}"

netdata="$(command -v netdata || true)"
if [[ -z "$netdata" ]]; then
  echo "netdata not found (Debian: apt-get install --no-install-recommends netdata-core)" >&2
  exit 2
fi

work="$(mktemp -d /tmp/netdata-load.XXXXXX)"
cleanup() {
  stop_receiver "${nd_pid:-}"
  pkill -f -- "-c $work/netdata.conf" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

gcc -O2 -o "$work/statsd-sender" "$here/statsd-sender.c"
mkdir -p "$work/cache" "$work/lib" "$work/log"
cat > "$work/netdata.conf" <<CONF
[global]
	run as user = $(id -un)
	hostname = bench
[db]
	mode = ram
	update every = 1
[directories]
	cache = $work/cache
	lib = $work/lib
	log = $work/log
[logs]
	debug log = none
	error = $work/log/error.log
	access = none
[web]
	bind to = 127.0.0.1:$WEB_PORT
[ml]
	enabled = no
[health]
	enabled = no
[registry]
	enabled = no
[plugins]
	enable running new plugins = no
	proc = no
	diskspace = no
	cgroups = no
	tc = no
	idlejitter = no
	timex = no
	apps = no
	charts.d = no
	python.d = no
	go.d = no
	ebpf = no
	slabinfo = no
	perf = no
	nfacct = no
	statsd = yes
	netdata monitoring = yes
[statsd]
	enabled = yes
	update every (flushInterval) = 1
	bind to = udp:127.0.0.1:$PORT
CONF

DO_NOT_TRACK=1 "$netdata" -c "$work/netdata.conf" -D > "$work/netdata.out" 2>&1 &
nd_pid=$!

for _ in $(seq 1 200); do
  if udp_bound "$PORT"; then break; fi
  if ! kill -0 "$nd_pid" 2>/dev/null; then
    echo "netdata exited; log:" >&2; cat "$work/netdata.out" "$work/log/error.log" >&2; exit 1
  fi
  sleep 0.05
done
sleep 1 # its start-up is done (it is counted all the same, and reported)

drops_before="$(udp_drops "$PORT")"
cpu_at_start="$(cpu_seconds "$nd_pid")"

sender_report="$("$work/statsd-sender" 127.0.0.1 "$PORT" "$LINES" "$PER_DATAGRAM" "$RATE")"

sleep 3 # the last second is flushed into the chart
drops_after="$(udp_drops "$PORT")"
cpu="$(cpu_seconds "$nd_pid")"
hwm_kb="$(vm_hwm_kb "$nd_pid")"

counted="$(curl -s "http://127.0.0.1:$WEB_PORT/api/v1/data?chart=statsd_load.counter_counter&after=-120&points=120&group=sum&format=json&options=unaligned" |
  python3 -c 'import json, sys; d = json.load(sys.stdin); print(int(round(sum((r[1] or 0) for r in d["data"]))))' 2>/dev/null || echo 0)"

stop_receiver "$nd_pid"
nd_pid=""

awk -v lines="$LINES" -v counted="$counted" -v cpu="$cpu" -v hwm="$hwm_kb" \
    -v per="$PER_DATAGRAM" -v rate="$RATE" -v drops="$((drops_after - drops_before))" \
    -v sender="$sender_report" -v cpu0="$cpu_at_start" \
    -v rcvbuf="$(cat /proc/sys/net/core/rmem_default)" 'BEGIN {
  printf "| receiver | lines | lines/datagram | rate (lines/s) | counted | fraction | kernel drops | CPU s | CPU s per M lines | VmHWM MiB |\n"
  printf "|---|---|---|---|---|---|---|---|---|---|\n"
  printf "| netdata statsd | %d | %d | %s | %d | %.5f | %d | %.2f | %.3f | %.1f |\n", lines, per, (rate == 0 ? "max" : rate), counted, counted / lines, drops, cpu, cpu / (lines / 1e6), hwm / 1024
  printf "sender: %s\n", sender
  printf "netdata CPU s before sending (start-up): %.2f; CPU s per M lines without it: %.3f; receive buffer %d bytes (net.core.rmem_default)\n", cpu0, (cpu - cpu0) / (lines / 1e6), rcvbuf
}'
