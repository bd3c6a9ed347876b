#!/usr/bin/env bash
# Issue 5 "Performance": RunTask → RUNNING for a Fargate task with one ECR image, two secrets, one env file and awslogs
# (setup_runtask.py builds that world and checks the task reaches RUNNING). RunTask launches synchronously (the
# simulated agent runs in the request), so a RunTask's server time is its launch time; the server's request log gives
# it per request ("ecs RunTask … 200 Allow N.Nms"). Both stores: in memory (--ephemeral) and the default SQLite file
# (every launch's writes fsynced before RunTask answers). Bounded: SECS seconds per connection count and store.
# Usage: benchmarks/Stevedore.LoadGen/run-runtask.sh [seconds=5] [stores="memory file"]
#        (BIN= the binary; default the published out/stevedore)
set -u
cd "$(dirname "$0")/../.."
SECS=${1:-5}
STORES=${2:-memory file}
BIN=${BIN:-out/stevedore}
LG=benchmarks/Stevedore.LoadGen/bin/Release/net10.0/Stevedore.LoadGen
PORT=${PORT:-24521}
LOG=/tmp/runtask-stevedore.log
DATA=$(mktemp -d /tmp/runtask-data.XXXXXX)
echo "loadavg before: $(cat /proc/loadavg)"
for store in $STORES; do
  if [ "$store" = memory ]; then ARGS="--ephemeral"; else rm -rf "$DATA"; ARGS="--data-dir $DATA"; fi
  $BIN serve $ARGS --port $PORT >$LOG 2>&1 & SPID=$!
  trap 'kill -9 $SPID 2>/dev/null; rm -rf "$DATA"' EXIT
  for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/_stevedore/health" && break; sleep 0.05; done
  BODY=$(AWS_ENDPOINT_URL=http://127.0.0.1:$PORT python3 benchmarks/Stevedore.LoadGen/setup_runtask.py) || { echo "setup failed"; exit 1; }
  for c in 1 16; do
    before=$(grep -c " ecs RunTask " $LOG)
    cpu0=$(awk '{print $14+$15}' /proc/$SPID/stat)
    echo "== store=$store RunTask c=$c"
    timeout 60 $LG --endpoint http://127.0.0.1:$PORT --op RunTask --body "$BODY" --connections $c --seconds $SECS --warmup 1 | tail -2
    sleep 0.2  # the request log is written in batches
    cpu1=$(awk '{print $14+$15}' /proc/$SPID/stat)
    # server time of the measured RunTasks (the last ones logged; warm-up included: it is one second of the same)
    grep " ecs RunTask " $LOG | tail -n +$((before + 1)) | sed -E 's/.* ([0-9.]+)ms$/\1/' | sort -n | awk -v t=$((cpu1 - cpu0)) -v hz=$(getconf CLK_TCK) '{a[NR]=$1} END {printf "   server ms per RunTask: n=%d median=%.2f p90=%.2f p99=%.2f; server CPU ms per launch=%.2f\n", NR, a[int(NR*0.5)+1], a[int(NR*0.9)+1], a[int(NR*0.99)+1], t*1000/hz/NR}'
  done
  echo "== store=$store last task: $(AWS_ENDPOINT_URL=http://127.0.0.1:$PORT AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 aws ecs list-tasks --cluster bench --desired-status RUNNING --query 'length(taskArns)') tasks RUNNING in cluster bench"
  echo "   $(grep -E 'VmRSS|VmHWM' /proc/$SPID/status | tr '\n' ' ')"
  kill -9 $SPID 2>/dev/null; wait $SPID 2>/dev/null
done
rm -rf "$DATA"
echo "loadavg after: $(cat /proc/loadavg)"
