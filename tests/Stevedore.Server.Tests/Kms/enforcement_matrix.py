# Calls every implemented KMS and Secrets Manager operation twice: as a user with no permissions and as a user whose
# inline policy allows kms:* and secretsmanager:*. Prints {"service:Operation": ["code-as-nobody", "code-as-allowed"]}
# where a code is "OK" or the AWS error code. Run by KmsEnforcementTests with the endpoint in AWS_ENDPOINT_URL.
import json
import boto3
from botocore.config import Config

cfg = Config(retries={"max_attempts": 1})
iam = boto3.client("iam", config=cfg)
kms = boto3.client("kms", config=cfg)
sm = boto3.client("secretsmanager", config=cfg)
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "kms:*", "Resource": "*"}]})
SECRET_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})


def keys_for(name, policy=None):
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


nobody = keys_for("kms-enforce-nobody")
allowed = keys_for("kms-enforce-allowed", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["kms:*", "secretsmanager:*"], "Resource": "*"}]})
key = kms.create_key()["KeyMetadata"]["KeyId"]
kms.create_alias(AliasName="alias/enforce", TargetKeyId=key)
blob = kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
secret = sm.create_secret(Name="enforce-secret", SecretString="v")["ARN"]

calls = {
    "kms": {
        "CreateKey": {},
        "DescribeKey": {"KeyId": key},
        "ListKeys": {},
        "EnableKey": {"KeyId": key},
        "DisableKey": {"KeyId": kms.create_key()["KeyMetadata"]["KeyId"]},
        "ScheduleKeyDeletion": {"KeyId": "{fresh}", "PendingWindowInDays": 7},
        "CancelKeyDeletion": {"KeyId": key},
        "TagResource": {"KeyId": key, "Tags": [{"TagKey": "k", "TagValue": "v"}]},
        "UntagResource": {"KeyId": key, "TagKeys": ["k"]},
        "ListResourceTags": {"KeyId": key},
        "GetKeyPolicy": {"KeyId": key, "PolicyName": "default"},
        "PutKeyPolicy": {"KeyId": key, "PolicyName": "default", "Policy": POLICY},
        "ListKeyPolicies": {"KeyId": key},
        "CreateAlias": {"AliasName": "alias/enforce-{who}", "TargetKeyId": key},
        "DeleteAlias": {"AliasName": "alias/enforce-ghost"},
        "UpdateAlias": {"AliasName": "alias/enforce", "TargetKeyId": key},
        "ListAliases": {},
        "Encrypt": {"KeyId": key, "Plaintext": b"x"},
        "Decrypt": {"CiphertextBlob": blob},
        "GenerateDataKey": {"KeyId": key, "KeySpec": "AES_256"},
        "GenerateDataKeyWithoutPlaintext": {"KeyId": key, "KeySpec": "AES_256"},
    },
    "secretsmanager": {
        "CreateSecret": {"Name": "enforce-new-{who}", "SecretString": "v"},
        "DescribeSecret": {"SecretId": secret},
        "ListSecrets": {},
        "GetSecretValue": {"SecretId": secret},
        "BatchGetSecretValue": {"SecretIdList": [secret]},
        "PutSecretValue": {"SecretId": secret, "SecretString": "v2"},
        "UpdateSecret": {"SecretId": secret, "Description": "d"},
        "DeleteSecret": {"SecretId": "enforce-ghost"},
        "RestoreSecret": {"SecretId": secret},
        "ListSecretVersionIds": {"SecretId": secret},
        "PutResourcePolicy": {"SecretId": secret, "ResourcePolicy": SECRET_POLICY},
        "GetResourcePolicy": {"SecretId": secret},
        "DeleteResourcePolicy": {"SecretId": secret},
        "TagResource": {"SecretId": secret, "Tags": [{"Key": "k", "Value": "v"}]},
        "UntagResource": {"SecretId": secret, "TagKeys": ["k"]},
    },
}


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def call(keys, service, operation, params, who):
    client = boto3.client(service, aws_access_key_id=keys[0], aws_secret_access_key=keys[1], config=cfg)
    params = {k: (v.replace("{who}", who).replace("{fresh}", kms.create_key()["KeyMetadata"]["KeyId"]) if isinstance(v, str) else v) for k, v in params.items()}
    try:
        result = getattr(client, snake(operation))(**params)
        if operation == "BatchGetSecretValue" and result["Errors"]:
            return result["Errors"][0]["ErrorCode"]
        return "OK"
    except client.exceptions.ClientError as error:
        return error.response["Error"]["Code"]
    except Exception as error:  # a client-side failure is a bug in this table: report it, do not hide it
        return f"{type(error).__name__}: {error}"


results = {}
for service, operations in calls.items():
    for operation, params in operations.items():
        results[f"{service}:{operation}"] = [call(nobody, service, operation, params, "nobody"), call(allowed, service, operation, params, "allowed")]
print(json.dumps(results))
