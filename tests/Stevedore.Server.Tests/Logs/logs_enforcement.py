# Calls every implemented CloudWatch Logs operation as a user with no permissions and as a user allowed logs:*.
# Prints {"Operation": ["code-as-nobody", "code-as-allowed"]} ("OK" or the AWS error code).
import json, time
import boto3
from botocore.config import Config

cfg = Config(retries={"max_attempts": 1})
iam = boto3.client("iam", config=cfg)
root = boto3.client("logs", config=cfg)
ARN = "arn:aws:logs:us-east-1:000000000000:log-group:enforce-logs"


def keys_for(name, policy=None):
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


nobody = keys_for("enforce-logs-nobody")
allowed = keys_for("enforce-logs-allowed", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "logs:*", "Resource": "*"}]})
root.create_log_group(logGroupName="enforce-logs")
root.create_log_stream(logGroupName="enforce-logs", logStreamName="s")
now = int(time.time() * 1000)

calls = {
    "CreateLogGroup": {"logGroupName": "enforce-logs-{who}"},
    "DescribeLogGroups": {},
    "DeleteLogGroup": {"logGroupName": "enforce-logs-ghost"},
    "PutRetentionPolicy": {"logGroupName": "enforce-logs", "retentionInDays": 7},
    "DeleteRetentionPolicy": {"logGroupName": "enforce-logs"},
    "CreateLogStream": {"logGroupName": "enforce-logs", "logStreamName": "stream-{who}"},
    "DescribeLogStreams": {"logGroupName": "enforce-logs"},
    "DeleteLogStream": {"logGroupName": "enforce-logs", "logStreamName": "ghost"},
    "PutLogEvents": {"logGroupName": "enforce-logs", "logStreamName": "s", "logEvents": [{"timestamp": now, "message": "m"}]},
    "GetLogEvents": {"logGroupName": "enforce-logs", "logStreamName": "s"},
    "FilterLogEvents": {"logGroupName": "enforce-logs"},
    "TagResource": {"resourceArn": ARN, "tags": {"k": "v"}},
    "UntagResource": {"resourceArn": ARN, "tagKeys": ["k"]},
    "ListTagsForResource": {"resourceArn": ARN},
    "TagLogGroup": {"logGroupName": "enforce-logs", "tags": {"k": "v"}},
    "UntagLogGroup": {"logGroupName": "enforce-logs", "tags": ["k"]},
    "ListTagsLogGroup": {"logGroupName": "enforce-logs"},
}


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def call(keys, operation, params, who):
    client = boto3.client("logs", aws_access_key_id=keys[0], aws_secret_access_key=keys[1], config=cfg)
    params = {k: (v.replace("{who}", who) if isinstance(v, str) else v) for k, v in params.items()}
    try:
        getattr(client, snake(operation))(**params)
        return "OK"
    except client.exceptions.ClientError as error:
        return error.response["Error"]["Code"]
    except Exception as error:
        return f"{type(error).__name__}: {error}"


print(json.dumps({op: [call(nobody, op, p, "nobody"), call(allowed, op, p, "allowed")] for op, p in calls.items()}))
