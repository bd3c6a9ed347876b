#!/usr/bin/env bash
# Issues 3 and 4 "Performance" with wrk (Debian's `wrk`, as the endpoint issue suggests) replaying one signed request:
# Stevedore (--ephemeral) and moto server side by side, same session, 127.0.0.1 only. wrk is a C client on one
# thread, so on a 2-core machine it leaves the servers more CPU than the C# load generator (run-endpoint.sh) does.
# The request is signed just before each run (SigV4 accepts it for 15 minutes); LoadGen creates what it reads first.
# Usage: benchmarks/Stevedore.LoadGen/run-endpoint-wrk.sh [seconds=10]
#   build first: dotnet publish src/Stevedore.Cli -c Release -o out; dotnet build -c Release benchmarks/Stevedore.LoadGen
#   BIN=out/stevedore (default: the JIT build under src/Stevedore.Cli/bin/Release); OPS="GetRole PutLogEvents" to narrow.
set -u
cd "$(dirname "$0")/../.."
SECS=${1:-10}
BIN=${BIN:-src/Stevedore.Cli/bin/Release/net10.0/stevedore}
LG=benchmarks/Stevedore.LoadGen/bin/Release/net10.0/Stevedore.LoadGen
SPORT=${SPORT:-24521}; MPORT=${MPORT:-24522}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
echo "loadavg before: $(cat /proc/loadavg)"; nproc
$BIN serve --ephemeral --port $SPORT >/dev/null 2>&1 & SPID=$!
python3 -m moto.server -p $MPORT >/dev/null 2>&1 & MPID=$!
trap 'kill -9 $SPID $MPID 2>/dev/null' EXIT
sleep 3
kill -0 $SPID && kill -0 $MPID || { echo "a server failed to start (port in use?)"; exit 1; }
SCRIPT=$(mktemp --suffix .lua)
# wrk's latency lines ("99%  1.72ms") in milliseconds
# The share of CPU time the hypervisor took from this machine (/proc/stat "steal") while a run lasted: on a shared
# host a run with steal in the tens of per cent measures the neighbours, not the servers.
ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i; print t, $9 }' /proc/stat; }
steal_pct() { awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " "); d = y[1] - x[1]; if (d <= 0) d = 1; printf "%.1f", (y[2] - x[2]) * 100 / d }'; }
ms() { awk -v q="$1" '$1 == q { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) } else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 } printf "%.3f", v }'; }
for op in ${OPS:-GetCallerIdentity GetRole SimulatePrincipalPolicy GetSecretValue GetParameters PutLogEvents}; do
  for c in 1 16; do
    for server in stevedore moto; do
      port=$SPORT; [ $server = moto ] && port=$MPORT
      if ! timeout 60 $LG --endpoint http://127.0.0.1:$port --op $op --wrk-script "$SCRIPT" >/tmp/wrk-prepare.log 2>&1; then
        echo "RESULT server=$server op=$op conns=$c status=FAILED $(tail -1 /tmp/wrk-prepare.log)"; continue
      fi
      wrk -t1 -c$c -d1s -s "$SCRIPT" http://127.0.0.1:$port/ >/dev/null 2>&1   # warm-up
      t0=$(ticks)
      out=$(timeout $((SECS + 30)) wrk -t1 -c$c -d${SECS}s --latency -s "$SCRIPT" http://127.0.0.1:$port/ 2>&1)
      steal=$(steal_pct "$t0" "$(ticks)")
      rps=$(echo "$out" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }')
      bad=$(echo "$out" | awk '/Non-2xx or 3xx responses:/ { print $NF }')
      errs=$(echo "$out" | awk '/Socket errors:/ { sub(/.*Socket errors: /, ""); print }')
      echo "RESULT server=$server op=$op conns=$c rps=$rps p50_ms=$(echo "$out" | ms 50%) p99_ms=$(echo "$out" | ms 99%) non2xx=${bad:-0} socket_errors=${errs:-none} steal_pct=$steal"
    done
  done
done
rm -f "$SCRIPT"
echo "loadavg after: $(cat /proc/loadavg)"
