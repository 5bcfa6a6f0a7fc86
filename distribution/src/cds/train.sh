#!/usr/bin/env bash
# Lists the classes a sidecar loads, for the image's AppCDS archive (distribution/pom.xml):
#   train.sh IMAGE_DIR TRAINING_CONF CLASSLIST
# Runs IMAGE_DIR/bin/agent (the launcher's own flags) as a daemon with TRAINING_CONF on free
# loopback ports, sends its statsd listener a few hundred datagrams of every type once it listens,
# lets one interval be gathered and flushed, stops it with SIGTERM and leaves the list of loaded
# classes in CLASSLIST. A --test run misses the receive path (no datagrams) and lists classes a
# daemon never loads; this list made the archive's resident part ~2 MiB smaller (BENCHMARKS.md).
set -euo pipefail
img=$1 template=$2 classlist=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/jagent-cds.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

in_use() {  # is UDP or TCP port $1 bound on this machine (Linux; elsewhere assume free)
  local hex
  hex=$(printf ':%04X ' "$1")
  cat /proc/net/udp /proc/net/udp6 /proc/net/tcp /proc/net/tcp6 2>/dev/null | grep -q "$hex"
}
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    in_use "$p" || { echo "$p"; return; }
  done
}

for attempt in 1 2 3; do
  statsd=$(free_port) proxy=$(free_port)
  sed -e "s/@STATSD_PORT@/$statsd/" -e "s/@PROXY_PORT@/$proxy/" "$template" > "$work/training.conf"
  rm -f "$classlist"
  JAVA_OPTS="-XX:DumpLoadedClassList=$classlist" "$img/bin/agent" --config "$work/training.conf" \
    > "$work/agent.log" 2>&1 &
  pid=$!
  listening=
  for _ in $(seq 1 600); do  # up to 30 s
    if grep -q 'UDP listening on' "$work/agent.log"; then listening=1; break; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if [ -z "$listening" ]; then
    wait "$pid" 2>/dev/null || true
    pid=
    echo "train.sh: attempt $attempt: the agent did not listen on 127.0.0.1:$statsd:" >&2
    tail -5 "$work/agent.log" >&2
    continue
  fi
  # Every metric type, tags and a sample rate, one line and several lines per datagram: enough
  # datagrams that the receive path is used as in production, not enough to matter for time.
  for round in 1 2 3; do
    for i in $(seq 1 200); do
      printf 'train.one:1|c' > "/dev/udp/127.0.0.1/$statsd"
      printf 'train.c:1|c\ntrain.g:%d|g\ntrain.g:+1|g\ntrain.t:%d|ms\ntrain.s:u%d|s\ntrain.h,tag=a:2|h|@0.5\n' \
        "$i" "$i" "$i" > "/dev/udp/127.0.0.1/$statsd"
    done
    sleep 0.4
  done
  sleep 1.5  # one more gather and flush
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$?
  pid=
  if [ "$status" -ne 0 ]; then
    echo "train.sh: the agent exited with $status:" >&2
    tail -20 "$work/agent.log" >&2
    exit 1
  fi
  # Templates$Result is first loaded when a received line is parsed: its absence means the
  # datagrams never reached the parser (if the class is renamed, rename it here too).
  if ! grep -Eq '^io/jagent/inputs/statsd/Templates\$Result( |$)' "$classlist"; then
    echo "train.sh: $classlist lacks the statsd parse path: were the datagrams received?" >&2
    exit 1
  fi
  exit 0
done
echo "train.sh: the agent never listened in 3 attempts" >&2
exit 1
