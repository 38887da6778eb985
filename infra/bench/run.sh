#!/usr/bin/env bash
# Maillage benchmark: infra/bench/run.sh [--quick] [--subscribers N] [--idle N] [--posts N] ...
# Builds the jar if missing, installs the generator's packages (npm ci), then runs bench.js,
# which prints the table and writes infra/bench/results/<timestamp>.json.
# Needs: JDK 17+ (java, jcmd), Maven (only to build the jar), Node 20 + npm, psql, redis-cli,
# PostgreSQL on 127.0.0.1:5432 (trust, user postgres) and Redis on 127.0.0.1:6379.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

for tool in java jcmd node npm psql redis-cli; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is required" >&2; exit 2; }
done
psql -h 127.0.0.1 -U postgres -d postgres -Atqc 'select 1' >/dev/null || { echo "bench: no PostgreSQL on 127.0.0.1:5432 (user postgres, trust)" >&2; exit 2; }
[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = "PONG" ] || { echo "bench: no Redis on 127.0.0.1:6379" >&2; exit 2; }

if [ ! -f "$root/app/target/maillage.jar" ]; then
  echo "bench: building app/target/maillage.jar" >&2
  # Offline first (a warm ~/.m2 is the usual case), then with the network.
  (cd "$root" && { mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests; } >&2)
fi
if [ ! -d "$here/node_modules/ws" ] || [ ! -d "$here/node_modules/hdr-histogram-js" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

# Sockets: the generator and the server each hold one descriptor per connection.
hard="$(ulimit -Hn)"
if [ "$hard" = "unlimited" ] || [ "$hard" -gt 65536 ]; then ulimit -n 65536 2>/dev/null || true; else ulimit -n "$hard" 2>/dev/null || true; fi

# bench.js stops what it started and drops its databases on exit and on INT/TERM;
# this trap only forwards the signal to it.
pid=""
trap '[ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; exit 130' INT TERM
node "$here/bench.js" "$@" &
pid=$!
wait "$pid"
