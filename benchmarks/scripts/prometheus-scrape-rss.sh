#!/usr/bin/env bash
# RSS of the agent while it scrapes a 100k-series kube-state-metrics-like body over loopback.
#
# Serves two bodies with python3's http.server on 127.0.0.1 (a tiny one and the big one), runs the
# built agent once against each (AGENT_ARGS, default "--test": one gather, metrics to stdout, which
# goes to /dev/null) while sampling its VmRSS every 20 ms, and reports the peak of each run and
# the growth = peak(big) - peak(tiny), i.e. what the scrape itself costs above an idle agent that
# went through the same start-up. Target (issue 6): growth < 32 MiB.
#
# Usage: benchmarks/scripts/prometheus-scrape-rss.sh [SERIES]       (default 100000)
# Needs: benchmarks/target/benchmarks.jar   (mvn -B -q -pl benchmarks -am package -DskipTests)
#        the agent launcher                  (AGENT=path/to/bin/agent, default
#                                             distribution/target/agent/bin/agent)
# Env:   AGENT_ARGS (default "--test"; e.g. "--once" when the output should be exercised too),
#        RUNS (default 3; the median growth is reported), JAVA_OPTS is passed through to the
#        launcher unchanged.
set -euo pipefail
cd "$(dirname "$0")/../.."
SERIES=${1:-100000}
AGENT=${AGENT:-distribution/target/agent/bin/agent}
AGENT_ARGS=${AGENT_ARGS:---test}
RUNS=${RUNS:-3}
JAR=benchmarks/target/benchmarks.jar

[ -f "$JAR" ] || { echo "missing $JAR: mvn -B -q -pl benchmarks -am package -DskipTests" >&2; exit 2; }
[ -x "$AGENT" ] || { echo "missing agent launcher $AGENT (set AGENT=...)" >&2; exit 2; }

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

java -cp "$JAR" io.jagent.bench.prometheus.KubeStateMetricsBody "$WORK/big.txt" "$SERIES"
java -cp "$JAR" io.jagent.bench.prometheus.KubeStateMetricsBody "$WORK/tiny.txt" 10
echo "body: $(wc -l <"$WORK/big.txt") lines, $(($(stat -c %s "$WORK/big.txt") / 1024)) KiB"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$WORK" >"$WORK/http.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/tiny.txt" && break
  sleep 0.05
done

config() { # body-name
  cat >"$WORK/$1.toml" <<EOF
[agent]
  interval = "10s"
  omit_hostname = true
[[inputs.prometheus]]
  urls = ["http://127.0.0.1:$PORT/$1.txt"]
  metric_version = 2
  timeout = "30s"
EOF
  echo "$WORK/$1.toml"
}

# Runs the agent once; prints "peak_kib metrics_lines".
run() { # body-name
  local cfg; cfg=$(config "$1")
  "$AGENT" --config "$cfg" $AGENT_ARGS >"$WORK/out.txt" 2>"$WORK/err.txt" &
  local pid=$! peak=0 rss
  # the launcher may exec java (same pid) or fork it: follow the newest java child if forked
  while kill -0 "$pid" 2>/dev/null; do
    local target=$pid
    local child; child=$(pgrep -n -P "$pid" java 2>/dev/null || true)
    [ -n "$child" ] && target=$child
    rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$target/status" 2>/dev/null || echo 0)
    [ -n "$rss" ] && [ "$rss" -gt "$peak" ] && peak=$rss
    sleep 0.02
  done
  wait "$pid" || { echo "agent failed ($1):" >&2; tail -5 "$WORK/err.txt" >&2; exit 1; }
  echo "$peak $(wc -l <"$WORK/out.txt")"
}

growths=()
for i in $(seq 1 "$RUNS"); do
  read -r idle idle_lines < <(run tiny)
  read -r big big_lines < <(run big)
  growth=$((big - idle))
  growths+=("$growth")
  echo "run $i: idle peak ${idle} KiB (${idle_lines} lines), scrape peak ${big} KiB (${big_lines} lines), growth $((growth / 1024)) MiB"
done
median=$(printf '%s\n' "${growths[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "median RSS growth over idle: $((median / 1024)) MiB (target < 32 MiB), series=$SERIES, args=$AGENT_ARGS"
