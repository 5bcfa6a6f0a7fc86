#!/usr/bin/env bash
# End-to-end statsd load test: the built agent (statsd input -> outputs.file) and a paced C sender
# on loopback. Reports the fraction of counter increments counted, the agent's CPU seconds
# (utime+stime from /proc/PID/stat) and its peak RSS (VmHWM).
#
#   benchmarks/scripts/statsd-load.sh
#   LINES=4000000 PER_DATAGRAM=20 RATE=1600000 benchmarks/scripts/statsd-load.sh
#
# Environment:
#   AGENT         launcher (default: bin/agent, else distribution/target/*/bin/agent)
#   LINES         counter increments to send (default 2000000)
#   PER_DATAGRAM  lines per datagram, 1 or 20 (default 1)
#   RATE          lines per second, 0 = the sender's ceiling (default 0)
#   PORT          UDP port (default 18125)
#   RCVBUF        read_buffer_size (default 4194304; the kernel caps it at net.core.rmem_max)
#   INTERVAL      agent interval and flush interval (default "1s")
#   WARMUP        lines sent (at 50,000/s, another name, not counted) before the measured run
#   START_AT      "reading" (default): send once the input logs that it listens, i.e. the agent has
#                 started; "bound": send as soon as the port is bound (at process start, before the
#                 agent has loaded its config: datagrams wait in the socket buffer meanwhile)
#   KEEP          set to keep the work directory
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=load-common.sh
. "$here/load-common.sh"
repo="$(cd "$here/../.." && pwd)"
LINES="${LINES:-2000000}"
PER_DATAGRAM="${PER_DATAGRAM:-1}"
RATE="${RATE:-0}"
PORT="${PORT:-18125}"
RCVBUF="${RCVBUF:-4194304}"
INTERVAL="${INTERVAL:-1s}"

agent="${AGENT:-}"
if [[ -z "$agent" ]]; then
  if [[ -x "$repo/bin/agent" ]]; then
    agent="$repo/bin/agent"
  else
    agent="$(ls "$repo"/distribution/target/*/bin/agent 2>/dev/null | head -1 || true)"
  fi
fi
if [[ -z "$agent" || ! -x "$agent" ]]; then
  echo "agent launcher not found; build the distribution or set AGENT=" >&2
  exit 2
fi

work="$(mktemp -d /tmp/statsd-load.XXXXXX)"
cleanup() {
  stop_receiver "${agent_pid:-}"
  if [[ -z "${KEEP:-}" ]]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT

gcc -O2 -o "$work/statsd-sender" "$here/statsd-sender.c"

out="$work/metrics.out"
cat > "$work/agent.toml" <<TOML
[agent]
  interval = "$INTERVAL"
  flush_interval = "$INTERVAL"
  round_interval = true
  collection_jitter = "0s"
  flush_jitter = "0s"
  metric_batch_size = 1000
  metric_buffer_limit = 10000
  omit_hostname = true

[[inputs.statsd]]
  protocol = "udp"
  service_address = "127.0.0.1:$PORT"
  read_buffer_size = $RCVBUF
  allowed_pending_messages = 10000

[[outputs.file]]
  files = ["$out"]
  data_format = "influx"
TOML

"$agent" --config "$work/agent.toml" > "$work/agent.log" 2>&1 &
agent_pid=$!

# wait (bounded) until the UDP port is bound
for _ in $(seq 1 200); do
  if udp_bound "$PORT"; then break; fi
  if ! kill -0 "$agent_pid" 2>/dev/null; then
    echo "agent exited; log:" >&2; cat "$work/agent.log" >&2; exit 1
  fi
  sleep 0.05
done

# and, unless START_AT=bound, until the input reads it (the agent's start-up is done)
if [[ "${START_AT:-reading}" != bound ]]; then
  for _ in $(seq 1 300); do
    if grep -q 'UDP listening on' "$work/agent.log" 2>/dev/null; then break; fi
    sleep 0.05
  done
fi

if [[ "${WARMUP:-0}" -gt 0 ]]; then  # not counted: lets the JIT compile the receive path first
  "$work/statsd-sender" 127.0.0.1 "$PORT" "$WARMUP" "$PER_DATAGRAM" 50000 warmup.counter > /dev/null
  sleep 2
fi
drops_before="$(udp_drops "$PORT")"
cpu_at_start="$(cpu_seconds "$agent_pid")"

sender_report="$("$work/statsd-sender" 127.0.0.1 "$PORT" "$LINES" "$PER_DATAGRAM" "$RATE")"

# let the last interval be gathered and flushed
sleep 3
drops_after="$(udp_drops "$PORT")"

cpu="$(cpu_seconds "$agent_pid")"
hwm_kb="$(vm_hwm_kb "$agent_pid")"

stop_receiver "$agent_pid"
agent_pid=""

counted="$(awk '/^load_counter[, ]/ {
    for (i = 1; i <= NF; i++) if ($i ~ /^value=/) { v = $i; sub(/^value=/, "", v); sub(/i$/, "", v); s += v }
  } END {printf "%d", s}' "$out" 2>/dev/null || echo 0)"

awk -v lines="$LINES" -v counted="$counted" -v cpu="$cpu" -v hwm="$hwm_kb" \
    -v per="$PER_DATAGRAM" -v rate="$RATE" -v drops="$((drops_after - drops_before))" \
    -v sender="$sender_report" -v cpu0="$cpu_at_start" -v start_at="${START_AT:-reading}" \
    -v rcvbuf="$(grep -o 'receive buffer [0-9]* bytes[^)]*' "$work/agent.log" | head -1)" 'BEGIN {
  printf "| lines | lines/datagram | rate (lines/s) | counted | fraction | kernel drops | agent CPU s | CPU s per M lines | VmHWM MiB |\n"
  printf "|---|---|---|---|---|---|---|---|---|\n"
  printf "| %d | %d | %s | %d | %.5f | %d | %.2f | %.3f | %.1f |\n", lines, per, (rate == 0 ? "max" : rate), counted, counted / lines, drops, cpu, cpu / (lines / 1e6), hwm / 1024
  printf "sender: %s\n", sender
  printf "agent CPU s before sending (start-up): %.2f; CPU s per M lines without it: %.3f; sending started at: %s; %s\n", cpu0, (cpu - cpu0) / (lines / 1e6), start_at, rcvbuf
}'
