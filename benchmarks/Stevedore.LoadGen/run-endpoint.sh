#!/usr/bin/env bash
# Issues 3 and 4 "Performance": Stevedore (Release, --ephemeral) vs moto server, same session, 127.0.0.1 only.
# Usage: benchmarks/Stevedore.LoadGen/run-endpoint.sh [seconds=10]   (build first: dotnet build -c Release src/Stevedore.Cli; dotnet build -c Release benchmarks/Stevedore.LoadGen)
# BIN=path/to/stevedore measures another build, e.g. the ReadyToRun publish (docs/performance-notes-startup-latency.md):
#   dotnet publish src/Stevedore.Cli -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/stevedore-r2r
#   BIN=/tmp/stevedore-r2r/stevedore benchmarks/Stevedore.LoadGen/run-endpoint.sh
set -u
cd "$(dirname "$0")/../.."
SECS=${1:-10}
BIN=${BIN:-src/Stevedore.Cli/bin/Release/net10.0/stevedore}
LG=benchmarks/Stevedore.LoadGen/bin/Release/net10.0/Stevedore.LoadGen
SPORT=${SPORT:-24511}; MPORT=${MPORT:-24512}   # below the ephemeral range (32768+): a polling client there can connect to itself and hold the port
echo "loadavg before: $(cat /proc/loadavg)"; nproc
$BIN serve --ephemeral --port $SPORT >/tmp/endpoint-stevedore.log 2>&1 & SPID=$!
python3 -m moto.server -p $MPORT >/tmp/endpoint-moto.log 2>&1 & MPID=$!
trap 'kill -9 $SPID $MPID 2>/dev/null' EXIT
sleep 3
kill -0 $SPID && kill -0 $MPID || { echo "a server failed to start (port in use?)"; exit 1; }
for op in ${OPS:-GetCallerIdentity GetRole SimulatePrincipalPolicy GetSecretValue GetParameters PutLogEvents}; do
  for c in 1 16; do
    echo "== stevedore $op c=$c"; timeout 60 $LG --endpoint http://127.0.0.1:$SPORT --op $op --connections $c --seconds $SECS | tail -2
    echo "== moto $op c=$c";      timeout 60 $LG --endpoint http://127.0.0.1:$MPORT --op $op --connections $c --seconds $SECS | tail -2
  done
done
kill $MPID; wait $MPID 2>/dev/null
echo "== RSS: stevedore VmRSS after warm-up runs above: $(grep VmRSS /proc/$SPID/status)"
echo "== 100,000 GetCallerIdentity, 16 connections"
timeout 120 $LG --endpoint http://127.0.0.1:$SPORT --op GetCallerIdentity --connections 16 --requests 100000 --warmup 0 | tail -2
echo "== RSS after (total requests served by this process > 100,000): $(grep -E 'VmRSS|VmHWM' /proc/$SPID/status | tr '\n' ' ')"
kill $SPID; sleep 2; kill -9 $SPID 2>/dev/null; wait $SPID 2>/dev/null
echo "== fresh process: RSS after exactly 100,000 GetCallerIdentity (16 connections)"
$BIN serve --ephemeral --port $SPORT >/tmp/endpoint-stevedore2.log 2>&1 & SPID=$!
sleep 1
kill -0 $SPID || { echo "stevedore failed to start"; exit 1; }
timeout 120 $LG --endpoint http://127.0.0.1:$SPORT --op GetCallerIdentity --connections 16 --requests 100000 --warmup 0 | tail -2
echo "   $(grep -E 'VmRSS|VmHWM' /proc/$SPID/status | tr '\n' ' ')"
kill $SPID; sleep 2; kill -9 $SPID 2>/dev/null; wait $SPID 2>/dev/null
echo "== startup to first answered GetCallerIdentity (5 runs)"
python3 benchmarks/Stevedore.LoadGen/startup.py $BIN 5 24513
echo "loadavg after: $(cat /proc/loadavg)"
