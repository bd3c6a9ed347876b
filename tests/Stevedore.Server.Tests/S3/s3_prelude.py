# Shared by the S3 boto3 tests: clients for both accounts and an error-code helper.
import json, os, hashlib, base64, urllib.request, uuid
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

cfg = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
s3 = boto3.client("s3", config=cfg)
other = boto3.client("s3", config=cfg, aws_access_key_id="test2", aws_secret_access_key="test2")
iam = boto3.client("iam", config=cfg)
ENDPOINT = os.environ["AWS_ENDPOINT_URL"]


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def error(call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as e:
        return e.response["Error"].get("Code"), e.response["Error"].get("Message"), e.response["ResponseMetadata"]["HTTPStatusCode"], e.response["Error"]
    raise AssertionError(f"{call.__name__} succeeded")


def keys_for(name, policy=None):
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client("s3", config=cfg, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
