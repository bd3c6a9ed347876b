#!/usr/bin/env python3
"""Vendor trimmed AWS service models from botocore into src/Stevedore.Aws/Models/.

For every service listed in SERVICES it keeps: the metadata Stevedore needs, the full
definition of the operations listed (and every shape they reach), and the names of ALL
operations of the service (so that an operation AWS has but Stevedore does not implement
can be told apart from one that does not exist). Documentation strings are dropped.

Rerun with:  python3 tools/model-gen/model_gen.py   (from the repository root)
"""
import gzip
import json
import os
import sys

import botocore

SERVICES = {
    "iam": [
        "CreateRole", "GetRole", "ListRoles", "UpdateRole", "UpdateRoleDescription", "DeleteRole",
        "UpdateAssumeRolePolicy", "TagRole", "UntagRole", "ListRoleTags",
        "PutRolePermissionsBoundary", "DeleteRolePermissionsBoundary",
        "CreatePolicy", "GetPolicy", "ListPolicies", "CreatePolicyVersion", "GetPolicyVersion",
        "ListPolicyVersions", "SetDefaultPolicyVersion", "DeletePolicyVersion", "DeletePolicy",
        "ListEntitiesForPolicy", "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies",
        "PutRolePolicy", "GetRolePolicy", "DeleteRolePolicy", "ListRolePolicies",
        "CreateUser", "GetUser", "DeleteUser", "CreateAccessKey", "DeleteAccessKey", "ListAccessKeys",
        "PutUserPolicy", "GetUserPolicy", "DeleteUserPolicy", "ListUserPolicies",
        "AttachUserPolicy", "DetachUserPolicy", "ListAttachedUserPolicies",
        "SimulatePrincipalPolicy", "SimulateCustomPolicy", "GetAccountAuthorizationDetails",
    ],
    "sts": ["AssumeRole", "GetCallerIdentity", "GetSessionToken"],
    "ecr": [
        "CreateRepository", "DescribeRepositories", "DeleteRepository", "SetRepositoryPolicy",
        "GetRepositoryPolicy", "DeleteRepositoryPolicy", "PutImage", "BatchGetImage", "DescribeImages",
        "ListImages", "BatchDeleteImage", "GetAuthorizationToken", "BatchCheckLayerAvailability",
        "GetDownloadUrlForLayer", "TagResource", "UntagResource", "ListTagsForResource",
    ],
    "logs": [
        "CreateLogGroup", "DescribeLogGroups", "DeleteLogGroup", "PutRetentionPolicy",
        "DeleteRetentionPolicy", "CreateLogStream", "DescribeLogStreams", "DeleteLogStream",
        "PutLogEvents", "GetLogEvents", "FilterLogEvents", "TagResource", "UntagResource",
        "ListTagsForResource", "TagLogGroup", "UntagLogGroup", "ListTagsLogGroup",
    ],
    "secretsmanager": [
        "CreateSecret", "DescribeSecret", "ListSecrets", "GetSecretValue", "BatchGetSecretValue",
        "PutSecretValue", "UpdateSecret", "DeleteSecret", "RestoreSecret", "ListSecretVersionIds",
        "PutResourcePolicy", "GetResourcePolicy", "DeleteResourcePolicy", "TagResource", "UntagResource",
    ],
    "ssm": [
        "PutParameter", "GetParameter", "GetParameters", "GetParametersByPath", "DescribeParameters",
        "DeleteParameter", "DeleteParameters", "GetParameterHistory", "AddTagsToResource",
        "RemoveTagsFromResource", "ListTagsForResource",
    ],
    "kms": [
        "CreateKey", "DescribeKey", "ListKeys", "CreateAlias", "ListAliases", "DeleteAlias", "UpdateAlias",
        "Encrypt", "Decrypt", "ReEncrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext",
        "GetKeyPolicy", "PutKeyPolicy", "ListKeyPolicies", "EnableKey", "DisableKey",
        "ScheduleKeyDeletion", "CancelKeyDeletion", "TagResource", "UntagResource", "ListResourceTags",
    ],
    "s3": [
        "CreateBucket", "HeadBucket", "GetBucketLocation", "DeleteBucket", "ListBuckets", "PutObject",
        "GetObject", "HeadObject", "DeleteObject", "DeleteObjects", "ListObjectsV2", "ListObjects",
        "CopyObject", "PutBucketPolicy", "GetBucketPolicy", "DeleteBucketPolicy",
        "PutBucketTagging", "GetBucketTagging", "DeleteBucketTagging",
    ],
    "events": [
        "PutRule", "DescribeRule", "ListRules", "DeleteRule", "EnableRule", "DisableRule", "PutTargets",
        "RemoveTargets", "ListTargetsByRule", "TagResource", "UntagResource", "ListTagsForResource",
    ],
    "ecs": [
        "CreateCluster", "DescribeClusters", "ListClusters", "DeleteCluster", "RegisterTaskDefinition",
        "DescribeTaskDefinition", "ListTaskDefinitions", "ListTaskDefinitionFamilies", "DeregisterTaskDefinition",
        "RegisterContainerInstance", "DeregisterContainerInstance", "DescribeContainerInstances",
        "ListContainerInstances", "RunTask", "StartTask", "DescribeTasks", "ListTasks", "StopTask",
        "TagResource", "UntagResource", "ListTagsForResource",
    ],
    "ec2": [
        "CreateVpc", "DescribeVpcs", "ModifyVpcAttribute", "DescribeVpcAttribute", "DeleteVpc",
        "CreateSubnet", "DescribeSubnets", "DeleteSubnet", "CreateVpcEndpoint", "DescribeVpcEndpoints",
        "ModifyVpcEndpoint", "DeleteVpcEndpoints", "CreateSecurityGroup", "DescribeSecurityGroups",
        "DeleteSecurityGroup", "CreateTags", "DeleteTags", "DescribeTags",
    ],
}

METADATA_KEYS = ["apiVersion", "protocol", "xmlNamespace", "signingName", "endpointPrefix",
                 "serviceId", "jsonVersion", "targetPrefix", "signatureVersion"]
OPERATION_KEYS = ["name", "http", "input", "output", "errors"]
SHAPE_REF_KEYS = ["shape", "resultWrapper", "locationName", "location", "flattened",
                  "xmlNamespace", "xmlAttribute", "queryName", "idempotencyToken",
                  "jsonvalue", "timestampFormat", "hostLabel", "streaming", "eventpayload"]
SHAPE_KEYS = ["type", "required", "members", "member", "key", "value", "flattened",
              "locationName", "min", "max", "pattern", "enum", "sensitive", "timestampFormat",
              "error", "exception", "fault", "payload", "xmlNamespace", "box", "union",
              "streaming", "event", "eventstream", "requiresLength"]


def load_model(service):
    root = os.path.join(os.path.dirname(botocore.__file__), "data", service)
    version = sorted(os.listdir(root))[-1]
    folder = os.path.join(root, version)
    for name in ("service-2.json", "service-2.json.gz"):
        path = os.path.join(folder, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rt", encoding="utf-8") as f:
                return json.load(f)
    raise SystemExit(f"no service-2.json for {service} under {folder}")


def trim_ref(ref):
    return {k: ref[k] for k in SHAPE_REF_KEYS if k in ref}


def trim_shape(shape):
    out = {}
    for k in SHAPE_KEYS:
        if k not in shape:
            continue
        v = shape[k]
        if k == "members":
            v = {name: trim_ref(m) for name, m in v.items()}
        elif k in ("member", "key", "value"):
            v = trim_ref(v)
        out[k] = v
    return out


def reachable(shapes, roots):
    seen = set()
    stack = list(roots)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        shape = shapes[name]
        refs = list(shape.get("members", {}).values())
        refs += [shape[k] for k in ("member", "key", "value") if k in shape]
        stack.extend(r["shape"] for r in refs)
    return seen


def generate(service, wanted):
    model = load_model(service)
    operations = model["operations"]
    missing = [op for op in wanted if op not in operations]
    if missing:
        raise SystemExit(f"{service}: unknown operations {missing}")
    ops = {}
    roots = []
    for name in wanted:
        op = operations[name]
        trimmed = {}
        for k in OPERATION_KEYS:
            if k not in op or k == "name":
                continue
            v = op[k]
            if k in ("input", "output"):
                v = trim_ref(v)
                roots.append(v["shape"])
            elif k == "errors":
                v = [e["shape"] for e in v]
                roots.extend(v)
            trimmed[k] = v
        ops[name] = trimmed
    names = reachable(model["shapes"], roots)
    meta = model["metadata"]
    return {
        "metadata": {k: meta[k] for k in METADATA_KEYS if k in meta},
        "allOperationNames": sorted(operations),
        "operations": ops,
        "shapes": {n: trim_shape(model["shapes"][n]) for n in sorted(names)},
    }


def main():
    repo = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    out_dir = os.path.join(repo, "src", "Stevedore.Aws", "Models")
    os.makedirs(out_dir, exist_ok=True)
    for service, wanted in SERVICES.items():
        result = generate(service, wanted)
        path = os.path.join(out_dir, f"{service}.json")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            json.dump(result, f, indent=2)
            f.write("\n")
        print(f"{path}: {len(result['operations'])} operations, {len(result['shapes'])} shapes "
              f"(botocore {botocore.__version__})", file=sys.stderr)


if __name__ == "__main__":
    main()
