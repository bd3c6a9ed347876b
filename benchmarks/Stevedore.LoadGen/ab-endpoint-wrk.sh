#!/usr/bin/env bash
# A/B of two server binaries with wrk on a noisy machine: both run side by side (`serve --ephemeral`, ports 24591 and
# 24592) and are driven in alternation, PAIRS short runs each per operation, so that the machine's drift (its speed
# changes by 20-50 % within minutes here) falls on both alike. Prints per operation the medians of req/s, p99 (ms) and
# the server's CPU time per request (utime+stime from /proc, microseconds); the raw runs go to /tmp/abw-OP.txt.
# Usage: benchmarks/Stevedore.LoadGen/ab-endpoint-wrk.sh BIN_A BIN_B "GetRole PutLogEvents" CONNS SECS PAIRS
#   e.g. ... out-before/stevedore out/stevedore "SimulatePrincipalPolicy GetRole" 16 3 7   (needs wrk: apt-get install wrk)
set -u
[ $# -eq 6 ] || { sed -n 2,7p "$0"; exit 2; }
A=$1; B=$2; OPS=$3; C=$4; S=$5; P=$6
cd "$(dirname "$0")/../.."
LG=benchmarks/Stevedore.LoadGen/bin/Release/net10.0/Stevedore.LoadGen
TICK=$(getconf CLK_TCK)
cpu_ms() { awk -v t="$TICK" '{ sub(/.*\) /, ""); split($0, f, " "); print (f[12] + f[13]) * 1000 / t }' /proc/$1/stat; }
$A serve --ephemeral --port 24591 >/dev/null 2>&1 & PA=$!
$B serve --ephemeral --port 24592 >/dev/null 2>&1 & PB=$!
trap 'kill -9 $PA $PB 2>/dev/null' EXIT
for port in 24591 24592; do for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/_stevedore/health" && break; sleep 0.05; done; done
for op in $OPS; do
  SA=$(mktemp --suffix .lua); SB=$(mktemp --suffix .lua)
  $LG --endpoint http://127.0.0.1:24591 --op $op --wrk-script $SA >/dev/null 2>&1
  $LG --endpoint http://127.0.0.1:24592 --op $op --wrk-script $SB >/dev/null 2>&1
  wrk -t1 -c$C -d1s -s $SA http://127.0.0.1:24591/ >/dev/null 2>&1; wrk -t1 -c$C -d1s -s $SB http://127.0.0.1:24592/ >/dev/null 2>&1
  : > /tmp/abw-$op.txt
  for i in $(seq 1 $P); do
    for x in A B; do
      if [ $x = A ]; then pid=$PA; port=24591; sc=$SA; else pid=$PB; port=24592; sc=$SB; fi
      b=$(cpu_ms $pid); out=$(wrk -t1 -c$C -d${S}s --latency -s $sc http://127.0.0.1:$port/); a=$(cpu_ms $pid)
      n=$(echo "$out" | awk '/requests in/ { print $1 }')
      rps=$(echo "$out" | awk '/^Requests\/sec:/ { printf "%.0f", $2 }')
      p99=$(echo "$out" | awk '$1=="99%" { v=$2; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) sub(/ms$/,"",v); printf "%.3f", v }')
      echo "$x $rps $p99 $(awk -v a=$a -v b=$b -v n=$n 'BEGIN{printf "%.1f",(a-b)*1000/n}')" >> /tmp/abw-$op.txt
    done
  done
  for x in A B; do
    med() { grep "^$x " /tmp/abw-$op.txt | awk -v k=$1 '{print $k}' | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
    echo "$op c=$C $x rps=$(med 2) p99=$(med 3) cpu_us=$(med 4)"
  done
  rm -f $SA $SB
done
