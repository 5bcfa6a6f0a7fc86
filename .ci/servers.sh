#!/usr/bin/env bash
# Start, stop and restart the real servers the integration tests use, privately on loopback.
#   .ci/servers.sh start|stop|restart|status  influxdb|mariadb|node_exporter|prometheus|all
#   .ci/servers.sh env        # prints the AGENT_IT_* exports for the running servers
# State (data dirs, logs, pids) lives under $AGENT_IT_STATE (default /tmp/agent-it).
# Installing the Debian packages is .ci/run's job (install_packages below can be called alone).
set -euo pipefail
STATE=${AGENT_IT_STATE:-/tmp/agent-it}
INFLUX_PORT=${AGENT_IT_INFLUX_PORT:-18086}
MYSQL_PORT=${AGENT_IT_MYSQL_PORT:-13307}
NODE_PORT=${AGENT_IT_NODE_PORT:-19100}
PROM_PORT=${AGENT_IT_PROM_PORT:-19090}
SELF=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/servers.sh
mkdir -p "$STATE"

install_packages() {
  local need=()
  command -v influxd >/dev/null || need+=(influxdb influxdb-client)
  command -v mariadbd >/dev/null || need+=(mariadb-server)
  command -v prometheus-node-exporter >/dev/null || need+=(prometheus-node-exporter)
  command -v prometheus >/dev/null || need+=(prometheus)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}" >/dev/null
  fi
}

wait_for() { # seconds command...
  local limit=$1; shift
  local end=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $end ]; then return 1; fi
    sleep 0.05
  done
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null && ! grep -q '^State:.*Z' "/proc/$(cat "$1")/status" 2>/dev/null; }

stop_pid() { # pidfile
  local pf=$1
  if [ -f "$pf" ]; then
    local p; p=$(cat "$pf")
    kill "$p" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$p" 2>/dev/null || break
      grep -q '^State:.*Z' "/proc/$p/status" 2>/dev/null && break
      sleep 0.05
    done
    kill -9 "$p" 2>/dev/null || true
    rm -f "$pf"
  fi
}

influxdb_start() {
  local D=$STATE/influx
  pid_alive "$D/pid" && return 0
  mkdir -p "$D"
  cat > "$D/influxdb.conf" <<CONF
reporting-enabled = false
bind-address = "127.0.0.1:$((INFLUX_PORT + 2))"
[meta]
  dir = "$D/meta"
[data]
  dir = "$D/data"
  wal-dir = "$D/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$INFLUX_PORT"
  auth-enabled = ${AGENT_IT_INFLUX_AUTH:-false}
  log-enabled = false
[monitor]
  store-enabled = false
CONF
  setsid influxd -config "$D/influxdb.conf" > "$D/influxd.log" 2>&1 < /dev/null &
  echo $! > "$D/pid"
  wait_for 20 curl -sf -o /dev/null "http://127.0.0.1:$INFLUX_PORT/ping" || { cat "$D/influxd.log" >&2; return 1; }
}
influxdb_stop() { stop_pid "$STATE/influx/pid"; }

mariadb_start() {
  local M=$STATE/mysql
  pid_alive "$M/pid.sh" && return 0
  mkdir -p "$M"
  if [ ! -d "$M/data/mysql" ]; then
    mariadb-install-db --no-defaults --datadir="$M/data" --user=root \
      --auth-root-authentication-method=normal --skip-test-db > "$M/install.log" 2>&1
    local fresh=1
  fi
  setsid mariadbd --no-defaults --datadir="$M/data" --socket="$M/sock" --pid-file="$M/pid" \
    --port="$MYSQL_PORT" --bind-address=127.0.0.1 --user=root --skip-name-resolve \
    --log-error="$M/err.log" --innodb-buffer-pool-size=32M > /dev/null 2>&1 < /dev/null &
  echo $! > "$M/pid.sh"
  wait_for 30 mariadb-admin --no-defaults -S "$M/sock" -uroot ping || { cat "$M/err.log" >&2; return 1; }
  if [ "${fresh:-0}" = 1 ]; then
    mariadb --no-defaults -S "$M/sock" -uroot -e "CREATE USER 'telegraf'@'%' IDENTIFIED BY 'telegrafpw';
      GRANT PROCESS, REPLICATION CLIENT, SLAVE MONITOR, SELECT ON *.* TO 'telegraf'@'%';
      CREATE USER 'admin'@'%' IDENTIFIED BY 'adminpw'; GRANT ALL ON *.* TO 'admin'@'%' WITH GRANT OPTION;"
  fi
}
mariadb_stop() { stop_pid "$STATE/mysql/pid.sh"; }

node_exporter_start() {
  local N=$STATE/node
  pid_alive "$N/pid" && return 0
  mkdir -p "$N"
  setsid prometheus-node-exporter --web.listen-address=127.0.0.1:$NODE_PORT --no-collector.systemd \
    > "$N/log" 2>&1 < /dev/null &
  echo $! > "$N/pid"
  wait_for 20 curl -sf -o /dev/null "http://127.0.0.1:$NODE_PORT/metrics" || { cat "$N/log" >&2; return 1; }
}
node_exporter_stop() { stop_pid "$STATE/node/pid"; }

prometheus_start() {
  local P=$STATE/prom
  pid_alive "$P/pid" && return 0
  mkdir -p "$P"
  cat > "$P/prometheus.yml" <<CONF
global: {scrape_interval: 5s}
scrape_configs: [{job_name: node, static_configs: [{targets: ['127.0.0.1:$NODE_PORT']}]}]
CONF
  setsid prometheus --config.file="$P/prometheus.yml" --storage.tsdb.path="$P/data" \
    --web.listen-address=127.0.0.1:$PROM_PORT > "$P/log" 2>&1 < /dev/null &
  echo $! > "$P/pid"
  wait_for 30 curl -sf -o /dev/null "http://127.0.0.1:$PROM_PORT/-/ready" || { cat "$P/log" >&2; return 1; }
}
prometheus_stop() { stop_pid "$STATE/prom/pid"; }

print_env() {
  echo "export AGENT_IT_SERVERS=$SELF"
  echo "export AGENT_IT_STATE=$STATE"
  echo "export AGENT_IT_INFLUXDB_URL=http://127.0.0.1:$INFLUX_PORT"
  echo "export AGENT_IT_MYSQL_URL=127.0.0.1:$MYSQL_PORT"
  echo "export AGENT_IT_MYSQL_USER=telegraf"
  echo "export AGENT_IT_MYSQL_PASSWORD=telegrafpw"
  echo "export AGENT_IT_MYSQL_ADMIN_USER=admin"
  echo "export AGENT_IT_MYSQL_ADMIN_PASSWORD=adminpw"
  echo "export AGENT_IT_NODE_EXPORTER_URL=http://127.0.0.1:$NODE_PORT/metrics"
  echo "export AGENT_IT_PROMETHEUS_URL=http://127.0.0.1:$PROM_PORT/metrics"
}

ALL="influxdb mariadb node_exporter prometheus"
cmd=${1:-}; what=${2:-all}
[ "$what" = all ] && targets=$ALL || targets=$what
case "$cmd" in
  install) install_packages ;;
  start) for t in $targets; do "${t}_start"; done ;;
  stop) for t in $targets; do "${t}_stop"; done ;;
  restart) for t in $targets; do "${t}_stop"; "${t}_start"; done ;;
  env) print_env ;;
  *) echo "usage: $0 install|start|stop|restart|env [influxdb|mariadb|node_exporter|prometheus|all]" >&2; exit 2 ;;
esac
