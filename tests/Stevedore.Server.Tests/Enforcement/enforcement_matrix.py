# Calls every implemented IAM and STS operation twice: as a principal with no permissions and as a principal
# allowed iam:* and sts:*. The principal kind is the first argument: "user" (an IAM user's access key, the default)
# or "role" (temporary credentials from sts:AssumeRole of a role with that policy).
# Prints {"Operation": ["code-as-nobody", "code-as-allowed"]} where a code is "OK" or the AWS error code.
# Run by EnforcementMatrixTests with the endpoint in AWS_ENDPOINT_URL and the account root's keys.
import json
import sys
import boto3
from botocore.config import Config

KIND = sys.argv[1] if len(sys.argv) > 1 else "user"
cfg = Config(retries={"max_attempts": 1})
root_iam = boto3.client("iam", config=cfg)
ACCOUNT = "000000000000"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})
DOC = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:*", "sts:*"], "Resource": "*"}]}
PREFIX = "enforce" if KIND == "user" else f"enforce-{KIND}"


def user_keys(name, policy=None):
    root_iam.create_user(UserName=name)
    if policy:
        root_iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key = root_iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"], None


def role_session_keys(name, policy=None):
    root_iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    if policy:
        root_iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    sts = boto3.client("sts", config=cfg)
    credentials = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/{name}", RoleSessionName="matrix")["Credentials"]
    return credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]


keys_for = {"user": user_keys, "role": role_session_keys}[KIND]
nobody = keys_for(f"{PREFIX}-nobody")
allowed = keys_for(f"{PREFIX}-allowed", ALLOW_ALL)
target = f"{PREFIX}-target"
root_iam.create_role(RoleName=target, AssumeRolePolicyDocument=TRUST)
policy_arn = f"arn:aws:iam::{ACCOUNT}:policy/enforce-ghost"

calls = {
    "iam": {
        "CreateRole": {"RoleName": "enforce-new-{who}", "AssumeRolePolicyDocument": TRUST},
        "GetRole": {"RoleName": target},
        "ListRoles": {},
        "UpdateRole": {"RoleName": "enforce-ghost"},
        "UpdateRoleDescription": {"RoleName": "enforce-ghost", "Description": "d"},
        "DeleteRole": {"RoleName": "enforce-ghost"},
        "UpdateAssumeRolePolicy": {"RoleName": "enforce-ghost", "PolicyDocument": TRUST},
        "TagRole": {"RoleName": "enforce-ghost", "Tags": [{"Key": "k", "Value": "v"}]},
        "UntagRole": {"RoleName": "enforce-ghost", "TagKeys": ["k"]},
        "ListRoleTags": {"RoleName": target},
        "PutRolePermissionsBoundary": {"RoleName": "enforce-ghost", "PermissionsBoundary": policy_arn},
        "DeleteRolePermissionsBoundary": {"RoleName": "enforce-ghost"},
        "CreatePolicy": {"PolicyName": "enforce-policy-{who}", "PolicyDocument": DOC},
        "GetPolicy": {"PolicyArn": policy_arn},
        "ListPolicies": {},
        "CreatePolicyVersion": {"PolicyArn": policy_arn, "PolicyDocument": DOC},
        "GetPolicyVersion": {"PolicyArn": policy_arn, "VersionId": "v1"},
        "ListPolicyVersions": {"PolicyArn": policy_arn},
        "SetDefaultPolicyVersion": {"PolicyArn": policy_arn, "VersionId": "v1"},
        "DeletePolicyVersion": {"PolicyArn": policy_arn, "VersionId": "v2"},
        "DeletePolicy": {"PolicyArn": policy_arn},
        "ListEntitiesForPolicy": {"PolicyArn": policy_arn},
        "AttachRolePolicy": {"RoleName": "enforce-ghost", "PolicyArn": policy_arn},
        "DetachRolePolicy": {"RoleName": "enforce-ghost", "PolicyArn": policy_arn},
        "ListAttachedRolePolicies": {"RoleName": target},
        "PutRolePolicy": {"RoleName": "enforce-ghost", "PolicyName": "p", "PolicyDocument": DOC},
        "GetRolePolicy": {"RoleName": "enforce-ghost", "PolicyName": "p"},
        "DeleteRolePolicy": {"RoleName": "enforce-ghost", "PolicyName": "p"},
        "ListRolePolicies": {"RoleName": target},
        "CreateUser": {"UserName": "enforce-user-{who}"},
        "GetUser": {"UserName": "enforce-ghost"},
        "DeleteUser": {"UserName": "enforce-ghost"},
        "CreateAccessKey": {"UserName": "enforce-ghost"},
        "DeleteAccessKey": {"UserName": "enforce-ghost", "AccessKeyId": "AKIAGHOSTGHOSTGHOST0"},
        "ListAccessKeys": {"UserName": "enforce-ghost"},
        "PutUserPolicy": {"UserName": "enforce-ghost", "PolicyName": "p", "PolicyDocument": DOC},
        "GetUserPolicy": {"UserName": "enforce-ghost", "PolicyName": "p"},
        "DeleteUserPolicy": {"UserName": "enforce-ghost", "PolicyName": "p"},
        "ListUserPolicies": {"UserName": "enforce-ghost"},
        "AttachUserPolicy": {"UserName": "enforce-ghost", "PolicyArn": policy_arn},
        "DetachUserPolicy": {"UserName": "enforce-ghost", "PolicyArn": policy_arn},
        "ListAttachedUserPolicies": {"UserName": "enforce-ghost"},
        "SimulatePrincipalPolicy": {"PolicySourceArn": f"arn:aws:iam::{ACCOUNT}:role/{target}", "ActionNames": ["s3:GetObject"]},
        "SimulateCustomPolicy": {"PolicyInputList": [DOC], "ActionNames": ["s3:GetObject"]},
        "GetAccountAuthorizationDetails": {},
    },
    "sts": {
        "AssumeRole": {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/{target}", "RoleSessionName": "enforced"},
    },
}


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def call(keys, service, operation, params, who):
    client = boto3.client(service, aws_access_key_id=keys[0], aws_secret_access_key=keys[1], aws_session_token=keys[2], config=cfg)
    params = {k: (v.replace("{who}", who) if isinstance(v, str) else v) for k, v in params.items()}
    try:
        getattr(client, snake(operation))(**params)
        return "OK"
    except client.exceptions.ClientError as error:
        return error.response["Error"]["Code"]
    except Exception as error:  # a client-side failure is a bug in this table: report it, do not hide it
        return f"{type(error).__name__}: {error}"


results = {}
for service, operations in calls.items():
    for operation, params in operations.items():
        results[operation] = [call(nobody, service, operation, params, f"{KIND}-nobody"), call(allowed, service, operation, params, f"{KIND}-allowed")]
print(json.dumps(results))
