#!/usr/bin/env bash
# Runs Stevedore's BenchmarkDotNet suite (short job), the throughput tool, iam-simulate's bench.mjs (both
# variants) and the moto peer script back to back, logging each with the load average before and after,
# so the figures in docs/performance.md come from one session. Bounded: about 15 minutes on 2 cores.
# Usage: benchmarks/run-all.sh [log-dir]   (default /tmp/stevedore-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/stevedore-bench}"
mkdir -p "$out"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "nproc: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo
  echo "dotnet: $(dotnet --version)"
  echo "node: $(node --version)"
  echo "python: $(python3 --version)"
} | tee "$out/machine.txt"

step() {
  local name="$1"; shift
  echo "== $name: $*" | tee -a "$out/load.txt"
  echo "   before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
  "$@" > "$out/$name.txt" 2>&1
  echo "   after:  $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/load.txt"
}

dotnet build -c Release benchmarks/Stevedore.Benchmarks > "$out/build.txt"
(cd tests/oracle && [ -d node_modules ] || npm ci > "$out/npm.txt")
step throughput dotnet run -c Release --no-build --project benchmarks/Stevedore.Benchmarks -- throughput
step iam-simulate bash -c 'cd tests/oracle && node bench.mjs'
step iam-simulate-inline bash -c 'cd tests/oracle && node bench.mjs --inline-only'
step moto python3 benchmarks/peers/moto_bench.py
step bdn dotnet run -c Release --no-build --project benchmarks/Stevedore.Benchmarks -- --filter '*' --job short
echo "logs in $out"
