#!/usr/bin/env bash
# A local cluster on this kind of machine (Debian, root): PostgreSQL on loopback, two OrdoroLite
# servers on two ports, HAProxy in front with cookie-based stickiness. One command:
#
#   sudo scripts/cluster.sh            # http://127.0.0.1:5100 (servers on 5101 and 5102)
#
# Ctrl+C stops the servers and HAProxy (PostgreSQL keeps running; its data stays).
# Settings (environment): CLUSTER_PORT (5100), CLUSTER_DB (ordorolite_cluster), CLUSTER_DIR
# (/tmp/ordorolite-cluster). See docs/deployment.md.
set -euo pipefail
cd "$(dirname "$0")/.."

port=${CLUSTER_PORT:-5100}
db=${CLUSTER_DB:-ordorolite_cluster}
dir=${CLUSTER_DIR:-/tmp/ordorolite-cluster}
password=ordorolite
mkdir -p "$dir"

if ! command -v haproxy >/dev/null || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "Installing Debian's postgresql and haproxy…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql haproxy >/dev/null
fi

version=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname = 'ordorolite'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"create role ordorolite login password '$password' createdb;\""
su postgres -c "psql -qtAc \"select 1 from pg_database where datname = '$db'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"create database $db owner ordorolite;\""

echo "Publishing the app (Release) to $dir/app…"
dotnet publish OrdoroLite.App -c Release -o "$dir/app" --nologo -v quiet >/dev/null

export Database__Provider=Postgres
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=5432;Database=$db;Username=ordorolite;Password=$password"
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Production}
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; echo "Cluster stopped (PostgreSQL still runs)."; }
trap stop EXIT INT TERM

start_server() { # name port
  (cd "$dir/app" && exec dotnet OrdoroLite.App.dll --urls "http://127.0.0.1:$2") >"$dir/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 180); do
    curl -fs "http://127.0.0.1:$2/health" >/dev/null 2>&1 && { echo "Server $1 is up on port $2."; return; }
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "Server $1 stopped; see $dir/$1.log:"; tail -5 "$dir/$1.log"; exit 1; }
    sleep 1
  done
  echo "Server $1 did not answer /health within 3 minutes; see $dir/$1.log"; exit 1
}

# The first server migrates the database (and seeds demo data into a new one) before the second starts.
start_server a $((port + 1))
start_server b $((port + 2))

cat >"$dir/haproxy.cfg" <<CFG
global
  maxconn 1000
defaults
  mode http
  timeout connect 5s
  timeout client 1m
  timeout server 1m
  timeout tunnel 1h
frontend ordorolite
  bind 127.0.0.1:$port
  default_backend servers
backend servers
  balance roundrobin
  cookie SERVERID insert indirect nocache httponly
  option httpchk
  http-check send meth GET uri /health ver HTTP/1.1 hdr Host localhost
  server a 127.0.0.1:$((port + 1)) check cookie a
  server b 127.0.0.1:$((port + 2)) check cookie b
CFG
haproxy -f "$dir/haproxy.cfg" -db >"$dir/haproxy.log" 2>&1 &
pids+=($!)
sleep 1
echo "OrdoroLite cluster: http://127.0.0.1:$port (servers a and b; logs in $dir). Ctrl+C stops it."
wait -n "${pids[@]}"
