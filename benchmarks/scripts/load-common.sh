# Helpers of the load scripts (statsd-load.sh, netdata-load.sh, baseline-load.sh), which source
# this file: what they read from /proc about a receiver, read the same way for each.

# udp_bound PORT: whether a UDP socket (IPv4 or IPv6) is bound to PORT.
udp_bound() {
  grep -q ":$(printf '%04X' "$1") " /proc/net/udp /proc/net/udp6 2>/dev/null
}

# udp_drops PORT: the kernel's drop count summed over the UDP sockets bound to PORT.
udp_drops() {
  awk -v p=":$(printf '%04X' "$1")" '$2 ~ p"$" {d += $NF} END {print d + 0}' \
    /proc/net/udp /proc/net/udp6 2>/dev/null
}

# cpu_seconds PID: the process's CPU so far (utime + stime of all its threads), in seconds.
cpu_seconds() {
  awk -v t="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / t}' "/proc/$1/stat"
}

# vm_hwm_kb PID: the process's peak resident set (VmHWM), in KiB.
vm_hwm_kb() {
  awk '/^VmHWM:/ {print $2}' "/proc/$1/status"
}

# stop_receiver PID: SIGTERM to the receiver (a child of this shell) if it still runs, and wait.
stop_receiver() {
  if [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
