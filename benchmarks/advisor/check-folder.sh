#!/usr/bin/env bash
# Times the published (Native AOT) `stevedore check` on a generated folder of task definitions and on one definition,
# wall clock including process start, for docs/performance.md (issue 6 targets: 1,000 definitions < 2 s, one < 300 ms).
# Usage: benchmarks/advisor/check-folder.sh [COUNT] [RUNS]   (defaults 1000 and 5; needs `dotnet publish src/Stevedore.Cli -c Release -o out`)
# The definitions cycle through five shapes (Fargate web + Secrets Manager/SSM secrets + awslogs, EC2 awslogs worker,
# FireLens sidecar, env files, private registry + cross-account image) with distinct families, images and secrets; the
# role is the same for all: a trust policy with the confused-deputy conditions, AmazonECSTaskExecutionRolePolicy and an
# inline policy covering about half of the secrets, so the run evaluates allowed and denied requirements and writes findings
# and missing policies.
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-1000}"
runs="${2:-5}"
bin="${STEVEDORE:-out/stevedore}"
[ -x "$bin" ] || { echo "no $bin: run dotnet publish src/Stevedore.Cli -c Release -o out" >&2; exit 2; }
dir="$(mktemp -d /tmp/stevedore-check-bench.XXXXXX)"
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" "$count" <<'PY'
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
A = "111122223333"
ecr = f"{A}.dkr.ecr.us-east-1.amazonaws.com"
def logs(f): return {"logDriver": "awslogs", "options": {"awslogs-group": f"/ecs/{f}", "awslogs-region": "us-east-1", "awslogs-stream-prefix": f}}
os.makedirs(f"{d}/tasks")
for i in range(n):
    f = f"svc{i:04d}"
    kind = i % 5
    if kind == 0:
        c = [{"name": f, "image": f"{ecr}/{f}:1", "secrets": [
            {"name": "DB", "valueFrom": f"arn:aws:secretsmanager:us-east-1:{A}:secret:{'prod' if i % 2 else 'dev'}/{f}/db-AbCdEf"},
            {"name": "KEY", "valueFrom": f"arn:aws:ssm:us-east-1:{A}:parameter/{f}/key"}], "logConfiguration": logs(f)}]
        t = {"requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512"}
    elif kind == 1:
        c = [{"name": f, "image": f"{ecr}/{f}:2", "memory": 256, "logConfiguration": logs(f)}]
        t = {"requiresCompatibilities": ["EC2"]}
    elif kind == 2:
        c = [{"name": "log_router", "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
              "firelensConfiguration": {"type": "fluentbit"}, "logConfiguration": logs(f + "-firelens")},
             {"name": f, "image": f"{ecr}/{f}:3", "logConfiguration": {"logDriver": "awsfirelens", "options": {"Name": "cloudwatch_logs"}}}]
        t = {"requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "512", "memory": "1024"}
    elif kind == 3:
        c = [{"name": f, "image": f"{ecr}/{f}:4", "environmentFiles": [{"value": f"arn:aws:s3:::acme-config/{f}.env", "type": "s3"}], "logConfiguration": logs(f)}]
        t = {"requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512"}
    else:
        c = [{"name": f, "image": "444455556666.dkr.ecr.us-east-1.amazonaws.com/shared/base:1", "logConfiguration": logs(f)},
             {"name": "proxy", "image": "docker.io/acme/proxy:1", "repositoryCredentials": {"credentialsParameter": f"arn:aws:secretsmanager:us-east-1:{A}:secret:dockerhub-AbCdEf"}}]
        t = {"requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512"}
    t.update({"family": f, "executionRoleArn": f"arn:aws:iam::{A}:role/ecsTaskExecutionRole", "containerDefinitions": c})
    json.dump(t, open(f"{d}/tasks/{f}.json", "w"), indent=2)
json.dump({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole",
    "Condition": {"ArnLike": {"aws:SourceArn": f"arn:aws:ecs:us-east-1:{A}:*"}, "StringEquals": {"aws:SourceAccount": A}}}]}, open(f"{d}/trust.json", "w"))
json.dump({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": [f"arn:aws:secretsmanager:us-east-1:{A}:secret:prod/*", f"arn:aws:secretsmanager:us-east-1:{A}:secret:dockerhub-??????"]},
    {"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": f"arn:aws:ssm:us-east-1:{A}:parameter/svc0*"}]}, open(f"{d}/policy.json", "w"))
PY
args=(--trust-policy "$dir/trust.json" --policy arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy --policy "$dir/policy.json")
one="$dir/tasks/svc0000.json"
echo "date: $(date -u +%FT%TZ)  nproc: $(nproc)  load: $(cut -d' ' -f1-3 /proc/loadavg)  binary: $bin ($(du -h "$bin" | cut -f1))"
set +e
"$bin" check "$dir/tasks" "${args[@]}" --format json > "$dir/out.json"; echo "exit code on the folder: $? (1 expected: some tasks cannot start)"
set -e
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('tasks:', len(d['tasks']), ' requirements:', sum(len(t['requirements']) for t in d['tasks']), ' findings:', sum(len(t['findings']) for t in d['tasks']))" "$dir/out.json"
time_runs() {
  local label="$1"; shift
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N); "$@" > /dev/null || true; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s: ms per run %s; median %s ms\n' "$label" "${times[*]}" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")"
}
time_runs "check $count definitions --format json" "$bin" check "$dir/tasks" "${args[@]}" --format json
time_runs "check $count definitions (text)" "$bin" check "$dir/tasks" "${args[@]}"
time_runs "check $count definitions --format sarif" "$bin" check "$dir/tasks" "${args[@]}" --format sarif
time_runs "check 1 definition --format json" "$bin" check "$one" "${args[@]}" --format json
time_runs "check 1 definition (text)" "$bin" check "$one" "${args[@]}"
time_runs "stevedore --version (process start)" "$bin" --version
