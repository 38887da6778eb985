#!/usr/bin/env bash
# The fault tests in their long form: infra/bench/faults.sh [frames]
# Runs the suite's fault specs (node kill under load, Redis and PostgreSQL restarts, a slow
# consumer, protocol fuzzing) with the long counts: 1,000,000 fuzzed frames (or [frames]) and
# 3,000 posts acknowledged before the node is killed. Same services as the test suite
# (PostgreSQL and Redis on loopback); the fuzzing alone takes about 40 minutes on 2 cores.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
frames="${1:-1000000}"
cd "$root"
# The specs need the app and the web client built once (as `mvn verify` does).
if [ ! -d web-client/dist ]; then (cd web-client && npm ci --no-audit --no-fund --loglevel=error && npm run build); fi
status=0
rm -rf app/target/surefire-reports
mvn -B -q -o test -pl app -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtest='NodeKillSpec,RedisRestartSpec,DatabaseRestartSpec,SlowConsumerSpec,ProtocolFuzzSpec' \
  -Dmaillage.fault.form=long -Dmaillage.fault.frames="$frames" || status=$?
echo
echo "| fault spec (long form) | tests | failures | errors | seconds |"
echo "|---|---|---|---|---|"
for f in app/target/surefire-reports/TEST-*.xml; do
  case "$f" in *NodeKill*|*RedisRestart*|*DatabaseRestart*|*SlowConsumer*|*ProtocolFuzz*) ;; *) continue ;; esac
  sed -n 's/.*<testsuite[^>]* name="\([^"]*\)" time="\([^"]*\)" tests="\([^"]*\)" errors="\([^"]*\)" skipped="[^"]*" failures="\([^"]*\)".*/| \1 | \3 | \5 | \4 | \2 |/p' "$f" | head -1
done
grep -ho "ProtocolFuzzSpec: [^<]*" app/target/surefire-reports/TEST-*ProtocolFuzzSpec.xml 2>/dev/null || true
exit "$status"
