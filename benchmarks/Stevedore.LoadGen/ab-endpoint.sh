#!/usr/bin/env bash
# A/B of the request path on a shared machine: for each server binary in turn (interleaved, ROUNDS rounds), start
# `serve --ephemeral` pinned to core 0, drive it from core 1 with a fixed number of requests, and report the client's
# req/s and latency together with the server's CPU time per request (utime+stime from /proc, the least noisy figure).
# Usage: benchmarks/Stevedore.LoadGen/ab-endpoint.sh BIN_A BIN_B ...   (env: OPS, CONNS, REQUESTS, ROUNDS, PORT)
set -u
cd "$(dirname "$0")/../.."
LG=benchmarks/Stevedore.LoadGen/bin/Release/net10.0/Stevedore.LoadGen
PORT=${PORT:-24541}; REQUESTS=${REQUESTS:-30000}; ROUNDS=${ROUNDS:-3}
TICK=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$TICK" '{ sub(/.*\) /, ""); split($0, f, " "); print (f[12] + f[13]) * 1000 / t }' /proc/$1/stat; }
echo "loadavg before: $(cat /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
  for bin in "$@"; do
    taskset -c 0 "$bin" serve --ephemeral --port "$PORT" >/dev/null 2>&1 & SPID=$!
    for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/_stevedore/health" && break; sleep 0.05; done
    for op in ${OPS:-GetCallerIdentity GetRole}; do
      for c in ${CONNS:-1 16}; do
        # warm-up (JIT tiers, caches), then the measured run
        taskset -c 1 "$LG" --endpoint "http://127.0.0.1:$PORT" --op "$op" --connections "$c" --requests 3000 --warmup 0 >/dev/null
        before=$(cpu_ms $SPID)
        line=$(taskset -c 1 "$LG" --endpoint "http://127.0.0.1:$PORT" --op "$op" --connections "$c" --requests "$REQUESTS" --warmup 0 | grep RESULT)
        after=$(cpu_ms $SPID)
        echo "round=$round bin=$bin $line server_cpu_us_per_req=$(awk -v a="$after" -v b="$before" -v n="$REQUESTS" 'BEGIN { printf "%.1f", (a - b) * 1000 / n }')"
      done
    done
    kill -9 $SPID 2>/dev/null; wait $SPID 2>/dev/null
  done
done
echo "loadavg after: $(cat /proc/loadavg)"
