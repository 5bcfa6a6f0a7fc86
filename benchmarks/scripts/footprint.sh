#!/usr/bin/env bash
# Footprint of the sidecar (issue 8): the agent started from the image layout
# (distribution/target/image/bin/agent) with the sidecar fixture config, inside a cgroup v1 memory
# limit (default 50 MiB) and a CPU quota (default 200m), while benchmarks/scripts/statsd-sender.c
# offers 10k and 50k single-line counter increments per second. A python3 TCP sink on
# 127.0.0.1:2878 plays the Wavefront proxy. Reports:
#   - start to listening: from just before the fork to the statsd UDP port being bound (polled in
#     /proc/net/udp without forking, every 5 ms), and to the "UDP listening" log line;
#   - VmRSS, VmHWM, RssAnon, RssFile, threads at idle and after each load phase;
#   - per phase: lines sent, the sum of the counter's values over all flushes at the sink (with
#     delete_counters = true that must equal what was sent), kernel drops on the port, the
#     agent's CPU seconds, cgroup throttling;
#   - whether the agent survived (cgroup oom_kill, exit code after SIGTERM).
#
# Build first: mvn -B -q -o package -DskipTests -pl distribution -am
# Must run as root (cgroup v1 children of this shell's own memory and cpu cgroups).
#
# Environment:
#   IMAGE        image layout (default distribution/target/image)
#   CONFIG       agent config (default /work/shared/fixtures/seed-configs/sidecar-statsd-wavefront.conf)
#   MEM_MIB      memory limit (default 50; 0 = none)
#   CPU_QUOTA_US cfs quota per 100 ms period (default 20000 = 200m; 0 = none)
#   INTERVAL     agent interval (default 10s)
#   IDLE_S       seconds at idle before the first sample (default 12)
#   PHASES       "rate:seconds ..." load phases in msgs/s (default "10000:60 50000:20")
#   PORT         statsd port in CONFIG (default 8125)
#   JAVA_OPTS    passed through to the launcher (appended after its defaults)
#   KEEP         set to keep the work directory
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
IMAGE="${IMAGE:-$repo/distribution/target/image}"
CONFIG="${CONFIG:-/work/shared/fixtures/seed-configs/sidecar-statsd-wavefront.conf}"
MEM_MIB="${MEM_MIB:-50}"
CPU_QUOTA_US="${CPU_QUOTA_US:-20000}"
INTERVAL="${INTERVAL:-10s}"
IDLE_S="${IDLE_S:-12}"
PHASES="${PHASES:-10000:60 50000:20}"
PORT="${PORT:-8125}"
interval_s="${INTERVAL%s}"

[[ -x "$IMAGE/bin/agent" ]] || { echo "no $IMAGE/bin/agent: mvn -B -q -o package -DskipTests -pl distribution -am" >&2; exit 2; }
port_hex="$(printf '%04X' "$PORT")"
if grep -q ":$port_hex " /proc/net/udp /proc/net/udp6; then echo "UDP port $PORT is busy" >&2; exit 2; fi
if grep -q ":0B3E .* 0A " /proc/net/tcp; then echo "TCP port 2878 is busy" >&2; exit 2; fi

work="$(mktemp -d /tmp/footprint.XXXXXX)"
cg_mem="/sys/fs/cgroup/memory$(awk -F: '$2=="memory"{print $3}' /proc/self/cgroup)/jagent-footprint-$$"
cg_cpu="/sys/fs/cgroup/cpu$(awk -F: '$2 ~ /(^|,)cpu(,|$)/{print $3}' /proc/self/cgroup)"
cg_cpu="${cg_cpu%/}/jagent-footprint-$$"
agent_pid=""
sink_pid=""
cleanup() {
  if [[ -n "$agent_pid" ]] && kill -0 "$agent_pid" 2>/dev/null; then
    kill "$agent_pid" 2>/dev/null || true
    wait "$agent_pid" 2>/dev/null || true
  fi
  if [[ -n "$sink_pid" ]]; then kill "$sink_pid" 2>/dev/null || true; wait "$sink_pid" 2>/dev/null || true; fi
  for cg in "$cg_mem" "$cg_cpu"; do
    if [[ -d "$cg" ]] && ! rmdir "$cg" 2>/dev/null; then
      sleep 1
      rmdir "$cg" 2>/dev/null || echo "could not remove $cg" >&2
    fi
  done
  if [[ -z "${KEEP:-}" ]]; then rm -rf "$work"; else echo "kept $work" >&2; fi
}
trap cleanup EXIT

gcc -O2 -o "$work/statsd-sender" "$here/statsd-sender.c"
sed "s/service_address = \":8125\"/service_address = \":$PORT\"/" "$CONFIG" > "$work/agent.conf"

python3 "$here/wavefront-sink.py" 127.0.0.1 2878 "$work/sink.txt" > "$work/sink.log" 2>&1 &
sink_pid=$!
for _ in $(seq 1 100); do grep -q listening "$work/sink.log" 2>/dev/null && break; sleep 0.05; done

mkdir "$cg_mem" "$cg_cpu"
if [[ "$MEM_MIB" != 0 ]]; then echo $((MEM_MIB * 1024 * 1024)) > "$cg_mem/memory.limit_in_bytes"; fi
echo 100000 > "$cg_cpu/cpu.cfs_period_us"
if [[ "$CPU_QUOTA_US" != 0 ]]; then echo "$CPU_QUOTA_US" > "$cg_cpu/cpu.cfs_quota_us"; fi

mkfifo "$work/never"
exec {nap}<>"$work/never"     # read -t on it sleeps without forking
bound() {
  local l
  while read -r l; do [[ "$l" == *":$port_hex "* ]] && return 0; done < /proc/net/udp
  while read -r l; do [[ "$l" == *":$port_hex "* ]] && return 0; done < /proc/net/udp6
  return 1
}

t0=$EPOCHREALTIME
(
  echo "$BASHPID" > "$cg_mem/cgroup.procs"
  echo "$BASHPID" > "$cg_cpu/cgroup.procs"
  export POD_NAME=app-7d9f NODE_HOSTNAME=node-1 INTERVAL WAVEFRONT_PROXY=127.0.0.1
  exec "$IMAGE/bin/agent" --config "$work/agent.conf" > "$work/agent.log" 2>&1
) &
agent_pid=$!
t_bound=""
for _ in $(seq 1 6000); do
  if bound; then t_bound=$EPOCHREALTIME; break; fi
  kill -0 "$agent_pid" 2>/dev/null || break
  read -t 0.005 -u "$nap" || true
done
[[ -n "$t_bound" ]] || { echo "agent did not bind; log:" >&2; cat "$work/agent.log" >&2; exit 1; }
ms_bound="$(awk -v a="$t0" -v b="$t_bound" 'BEGIN {printf "%.0f", (b - a) * 1000}')"
# the log line (an upper bound: polled after the port was seen bound)
# (up to 10 s: under 200m with a cold page cache the input listens ~3.5 s after the start)
logged=""
for _ in $(seq 1 2000); do
  if grep -q "UDP listening" "$work/agent.log"; then logged=1; break; fi
  read -t 0.005 -u "$nap" || true
done
t_log=$EPOCHREALTIME
ms_log="$(awk -v a="$t0" -v b="$t_log" 'BEGIN {printf "%.0f", (b - a) * 1000}')"
[[ -n "$logged" ]] || ms_log="(not seen in) $ms_log"
rcvbuf="$(grep -o 'receive buffer [0-9]* bytes' "$work/agent.log" | head -1 || true)"

status() { # label
  awk -v label="$1" '
    /^VmRSS:/ {rss = $2} /^VmHWM:/ {hwm = $2} /^RssAnon:/ {anon = $2} /^RssFile:/ {file = $2}
    /^Threads:/ {thr = $2}
    END {printf "| %s | %.1f | %.1f | %.1f | %.1f | %d |\n", label, rss / 1024, hwm / 1024, anon / 1024, file / 1024, thr}' \
    "/proc/$agent_pid/status"
}
cpu_s() { awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$agent_pid/stat"; }
udp_drops() { awk -v p=":$port_hex" '$2 ~ p"$" {d += $NF} END {print d + 0}' /proc/net/udp /proc/net/udp6; }
throttled() { awk '/^nr_throttled/ {n = $2} /^throttled_time/ {t = $2} END {printf "%d periods, %.1f s", n, t / 1e9}' "$cg_cpu/cpu.stat"; }
counted() { # metric name: sum of the values of that metric over all flushes at the sink
  awk -v m="$1" '{n = $1; gsub(/"/, "", n); if (n == m) s += $2} END {printf "%d", s}' "$work/sink.txt" 2>/dev/null || echo 0
}

sleep "$IDLE_S"
mem_rows="$(status "idle (${IDLE_S} s after start)")"$'\n'
load_rows=""
for phase in $PHASES; do
  rate="${phase%%:*}"
  secs="${phase##*:}"
  lines=$((rate * secs))
  name="footprint.r${rate}"
  d0="$(udp_drops)"
  c0="$(cpu_s)"
  sent="$("$work/statsd-sender" 127.0.0.1 "$PORT" "$lines" 1 "$rate" "$name")"
  status_now="$(status "after ${rate} msgs/s × ${secs} s")"
  sleep $((2 * interval_s + 3))      # the last interval is gathered and flushed
  kill -0 "$agent_pid" 2>/dev/null || { echo "agent died; log:" >&2; tail -20 "$work/agent.log" >&2; break; }
  c1="$(cpu_s)"
  d1="$(udp_drops)"
  got="$(counted "${name//_/.}")"
  mem_rows+="$status_now"$'\n'
  load_rows+="$(awk -v r="$rate" -v s="$secs" -v n="$lines" -v g="$got" -v d=$((d1 - d0)) -v c0="$c0" -v c1="$c1" \
    'BEGIN {printf "| %d | %d | %d | %d | %.5f | %d | %.2f | %.2f |", r, s, n, g, g / n, d, c1 - c0, (c1 - c0) / (n / 1e6)}') $sent"$'\n'
done

peak_cg="$(awk '{printf "%.1f", $1 / 1048576}' "$cg_mem/memory.max_usage_in_bytes")"
failcnt="$(cat "$cg_mem/memory.failcnt")"
oom="$(awk '/oom_kill / {print $2}' "$cg_mem/memory.oom_control" 2>/dev/null || echo "?")"
thr="$(throttled)"
# the two big mappings: libjvm.so's resident size depends on how its file sits in the page cache
# (18 MiB right after jlink wrote it in one piece, 13 MiB copied or read back: BENCHMARKS.md)
maps="$(awk '/^[0-9a-f]+-[0-9a-f]+ / {n = $6}
  /^Rss:/ {if (n ~ /libjvm\.so$/) j += $2; else if (n ~ /\.jsa$/) a += $2}
  END {printf "libjvm.so %.1f MiB, class archive %.1f MiB", j / 1024, a / 1024}' \
  "/proc/$agent_pid/smaps" 2>/dev/null || echo "not read")"
alive=no; kill -0 "$agent_pid" 2>/dev/null && alive=yes
rc="-"
if [[ $alive == yes ]]; then
  kill -TERM "$agent_pid"
  set +e; wait "$agent_pid"; rc=$?; set -e
  agent_pid=""
fi

# the block device's readahead decides how much page cache a cold start reads (and the cgroup is
# charged for): with this VM's 8 MiB, a cold start filled the 50 MiB limit with file pages
dev="$(stat -c '%Hd:%Ld' "$IMAGE" 2>/dev/null || true)"
readahead="$(cat "/sys/dev/block/$dev/queue/read_ahead_kb" "/sys/dev/block/$dev/../queue/read_ahead_kb" 2>/dev/null | head -1 || true)"
echo "## footprint: $(date -u +%FT%TZ) limit ${MEM_MIB} MiB, quota ${CPU_QUOTA_US}/100000 us, JAVA_OPTS='${JAVA_OPTS:-}', image's device readahead ${readahead:-?} KiB"
echo "start to bound UDP port: ${ms_bound} ms; to the 'UDP listening' log line: <= ${ms_log} ms; ${rcvbuf:-receive buffer not logged}"
echo
echo "| state | VmRSS MiB | VmHWM MiB | RssAnon MiB | RssFile MiB | threads |"
echo "|---|---|---|---|---|---|"
printf '%s' "$mem_rows"
echo
echo "| msgs/s | s | sent | counted at sink | fraction | kernel drops | agent CPU s | CPU s per M |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s' "$load_rows"
echo
echo "resident at the end: ${maps}"
echo "cgroup: peak usage ${peak_cg} MiB (page cache included), failcnt ${failcnt}, oom_kill ${oom}; cpu throttled ${thr}; alive at end: ${alive}; exit code after SIGTERM: ${rc}"
