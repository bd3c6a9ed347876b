# The KMS enforcement matrix: every implemented operation as a principal with no permissions and as one allowed kms:*
# (see Enforcement/enforcement_common.py for the principals, the run and the output).
import json
from enforcement_common import ACCOUNT, Matrix, root

matrix = Matrix("kms", "kms:*")
kms = root("kms")
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "kms:*", "Resource": "*"}]})
key = kms.create_key()["KeyMetadata"]["KeyId"]
kms.create_alias(AliasName="alias/enforce", TargetKeyId=key)
blob = kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]

matrix.run({
    "CreateKey": {},
    "DescribeKey": {"KeyId": key},
    "ListKeys": {},
    "EnableKey": {"KeyId": key},
    "DisableKey": {"KeyId": kms.create_key()["KeyMetadata"]["KeyId"]},
    # Each principal schedules the deletion of a key of its own.
    "ScheduleKeyDeletion": lambda c, who: c.schedule_key_deletion(KeyId=kms.create_key()["KeyMetadata"]["KeyId"], PendingWindowInDays=7),
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
})
