#!/usr/bin/env python3
"""Decisions/s of moto's IAM evaluator for the ECS task execution role scenario (issue #2).

The same policies and requests as benchmarks/Stevedore.Benchmarks (Scenario.cs) and tests/oracle/bench.mjs.
moto's evaluator is moto.iam.access_control.IAMPolicy.is_action_permitted(action, resource, principal,
incoming_condition_values). Policy objects are built once; only the evaluation loop is timed. Each decision
combines the role's policies the way moto's own request path does (IAMRequestBase.check_action_permitted):
any DENIED denies, else any PERMITTED allows, else implicit deny. One process, one thread, bounded time.

Usage: python3 benchmarks/peers/moto_bench.py [--seconds 2] [--runs 5]
"""

import argparse
import json
import platform
import statistics
import sys
import time

import moto
from moto.iam.access_control import IAMPolicy, PermissionResult

ACCOUNT = "111111111111"
REGION = "us-east-1"
SECRET_ARN = f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:ecs/db-password-AbCdEf"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
VPCE = "vpce-0a1b2c3d4e5f67890"
VPC = "vpc-0123456789abcdef0"
WRONG_VPCE = "vpce-0ffffffffffffffff"

MANAGED = {
    "Version": "2012-10-17",
    "Statement": [{
        "Effect": "Allow",
        "Action": ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer",
                   "ecr:BatchGetImage", "logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": "*",
    }],
}
SECRETS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "secretsmanager:GetSecretValue"],
                   "Resource": [SECRET_ARN, KEY_ARN]}],
}
VPCE_STATEMENT = {
    "Effect": "Allow",
    "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
    "Resource": "*",
    "Condition": {"StringEquals": {"aws:sourceVpce": VPCE, "aws:sourceVpc": VPC}},
}
VPCE_POLICY = {"Version": "2012-10-17", "Statement": [VPCE_STATEMENT]}
SEED = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "logs:CreateLogStream", "logs:PutLogEvents"],
         "Resource": "*"},
        VPCE_STATEMENT,
    ],
}

# moto's IAMPolicy takes the document as a JSON string (or a managed Policy object) and json.loads it once.
FULL = [IAMPolicy(json.dumps(p)) for p in (MANAGED, SECRETS, VPCE_POLICY)]
INLINE_ONLY = [IAMPolicy(json.dumps(p)) for p in (SECRETS, SEED)]

# Context as a real caller (and Stevedore / iam-simulate) spells it: AWS documents the keys as aws:SourceVpce.
CONTEXT = {"aws:SourceVpce": VPCE, "aws:SourceVpc": VPC}
WRONG_CONTEXT = {"aws:SourceVpce": WRONG_VPCE, "aws:SourceVpc": VPC}
ECR_REPO = f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/app"
S3_OBJECT = "arn:aws:s3:::amzn-s3-demo-bucket/config.env"

# label, policies, action, resource, context, correct answer (what AWS / Stevedore / iam-simulate answer)
KINDS = [
    ("AllowedEcrToken", FULL, "ecr:GetAuthorizationToken", "*", CONTEXT, "Allowed"),
    ("AllowedSecret", FULL, "secretsmanager:GetSecretValue", SECRET_ARN, CONTEXT, "Allowed"),
    ("ImplicitDenyS3", FULL, "s3:GetObject", S3_OBJECT, CONTEXT, "ImplicitDeny"),
    ("ConditionFailsVpce", INLINE_ONLY, "ecr:BatchGetImage", ECR_REPO, WRONG_CONTEXT, "ImplicitDeny"),
]
MIXES = [
    ("bench.mjs mix (3 requests, full set)", [
        (FULL, "ecr:GetAuthorizationToken", "*", CONTEXT),
        (FULL, "s3:GetObject", S3_OBJECT, CONTEXT),
        (FULL, "ecr:BatchGetImage", ECR_REPO, WRONG_CONTEXT),
    ]),
    ("bench.mjs mix (3 requests, --inline-only)", [
        (INLINE_ONLY, "ecr:GetAuthorizationToken", "*", CONTEXT),
        (INLINE_ONLY, "s3:GetObject", S3_OBJECT, CONTEXT),
        (INLINE_ONLY, "ecr:BatchGetImage", ECR_REPO, WRONG_CONTEXT),
    ]),
]


def decide(policies, action, resource, context):
    """One decision, combined across the role's policies as IAMRequestBase.check_action_permitted does."""
    permitted = False
    for policy in policies:
        result = policy.is_action_permitted(action, resource, None, context)
        if result == PermissionResult.DENIED:
            return "ExplicitDeny"
        if result == PermissionResult.PERMITTED:
            permitted = True
    return "Allowed" if permitted else "ImplicitDeny"


def measure(calls, seconds):
    """Runs the calls round-robin for `seconds`; returns decisions/s."""
    n = len(calls)
    start = time.perf_counter()
    deadline = start + seconds
    count = 0
    now = start
    while now < deadline:
        for k in range(300):
            policies, action, resource, context = calls[k % n]
            decide(policies, action, resource, context)
        count += 300
        now = time.perf_counter()
    return count / (now - start)


def report(label, calls, seconds, runs):
    measure(calls, min(0.5, seconds))  # warm-up (regex cache)
    rates = [measure(calls, seconds) for _ in range(runs)]
    med = statistics.median(rates)
    print(f"{label:<42} median {med:>12,.0f} decisions/s  {1e9 / med:>9.1f} ns/decision"
          f"  (runs: {', '.join(f'{r:,.0f}' for r in rates)})", flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    seconds = min(max(args.seconds, 0.1), 10.0)
    runs = min(max(args.runs, 1), 15)

    print("moto IAMPolicy.is_action_permitted decisions/s, ECS task execution role scenario")
    print(f"moto {moto.__version__}, Python {platform.python_version()} ({platform.python_implementation()}), "
          f"{runs} runs x {seconds}s per workload, single thread")

    # Correctness first: moto's answers next to the right ones.
    print("answers (context as AWS spells the keys / context keys in the policy's own case / no context, as moto's request path):")
    for label, policies, action, resource, context, correct in KINDS:
        as_aws = decide(policies, action, resource, context)
        policy_case = decide(policies, action, resource, {k.replace("Source", "source"): v for k, v in context.items()})
        no_context = decide(policies, action, resource, None)
        flag = "" if as_aws == policy_case == no_context == correct else "   <-- WRONG"
        print(f"  {label:<20} correct {correct:<12} moto: {as_aws} / {policy_case} / {no_context}{flag}")

    for label, policies, action, resource, context, _ in KINDS:
        report(label, [(policies, action, resource, context)], seconds, runs)
    for label, calls in MIXES:
        report(label, calls, seconds, runs)

    # "Compile": moto only json.loads the document (no validation, no compiled matchers); shown for scale only.
    try:
        with open(__file__.rsplit("/", 2)[0] + "/Stevedore.Benchmarks/Policies/platform-team-policy.json") as f:
            large = f.read()
        n = 0
        start = time.perf_counter()
        while time.perf_counter() - start < 1.0:
            for _ in range(100):
                IAMPolicy(large)
            n += 100
        print(f"IAMPolicy(6 KB policy json) [json.loads only]  {(time.perf_counter() - start) / n * 1e6:.1f} us/policy")
    except OSError as e:
        print(f"(skipped compile figure: {e})", file=sys.stderr)


if __name__ == "__main__":
    main()
