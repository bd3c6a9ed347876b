# The IAM enforcement matrix: every implemented IAM operation as a principal with no permissions and as one allowed
# iam:* (see Enforcement/enforcement_common.py for the principals, the run and the output).
import json
from enforcement_common import ACCOUNT, TRUST, Matrix, root

matrix = Matrix("iam", "iam:*")
DOC = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
target = "enforce-target"
root("iam").create_role(RoleName=target, AssumeRolePolicyDocument=TRUST)
policy_arn = f"arn:aws:iam::{ACCOUNT}:policy/enforce-ghost"

matrix.run({
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
})
