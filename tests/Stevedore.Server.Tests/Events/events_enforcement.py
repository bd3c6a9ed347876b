# Calls every implemented EventBridge operation as a user with no permissions and as a user allowed events:*.
# Prints {"Operation": ["code-as-nobody", "code-as-allowed"]} ("OK" or the AWS error code).
import json
import boto3
from botocore.config import Config

cfg = Config(retries={"max_attempts": 1})
iam = boto3.client("iam", config=cfg)
root = boto3.client("events", config=cfg)
PATTERN = json.dumps({"source": ["aws.ecs"]})
ARN = root.put_rule(Name="enforce-events", EventPattern=PATTERN)["RuleArn"]


def keys_for(name, policy=None):
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


nobody = keys_for("enforce-events-nobody")
allowed = keys_for("enforce-events-allowed", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "events:*", "Resource": "*"}]})

calls = {
    "PutRule": {"Name": "enforce-events-{who}", "EventPattern": PATTERN},
    "DescribeRule": {"Name": "enforce-events"},
    "ListRules": {},
    "DeleteRule": {"Name": "enforce-events-ghost"},
    "EnableRule": {"Name": "enforce-events"},
    "DisableRule": {"Name": "enforce-events"},
    "PutTargets": {"Rule": "enforce-events", "Targets": [{"Id": "t", "Arn": "arn:aws:logs:us-east-1:000000000000:log-group:g"}]},
    "RemoveTargets": {"Rule": "enforce-events", "Ids": ["t"]},
    "ListTargetsByRule": {"Rule": "enforce-events"},
    "TagResource": {"ResourceARN": ARN, "Tags": [{"Key": "k", "Value": "v"}]},
    "UntagResource": {"ResourceARN": ARN, "TagKeys": ["k"]},
    "ListTagsForResource": {"ResourceARN": ARN},
}


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def call(keys, operation, params, who):
    client = boto3.client("events", aws_access_key_id=keys[0], aws_secret_access_key=keys[1], config=cfg)
    params = {k: (v.replace("{who}", who) if isinstance(v, str) else v) for k, v in params.items()}
    try:
        getattr(client, snake(operation))(**params)
        return "OK"
    except client.exceptions.ClientError as error:
        return error.response["Error"]["Code"]
    except Exception as error:
        return f"{type(error).__name__}: {error}"


print(json.dumps({op: [call(nobody, op, p, "nobody"), call(allowed, op, p, "allowed")] for op, p in calls.items()}))
