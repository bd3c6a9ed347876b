# Calls every implemented SSM operation as a user with no permissions and as a user allowed ssm:*.
# Prints {"Operation": ["code-as-nobody", "code-as-allowed"]} where a code is "OK" or the AWS error code.
# Run by SsmEnforcementTests with the endpoint in AWS_ENDPOINT_URL.
import json
import boto3
import botocore
from botocore.config import Config

cfg = Config(retries={"max_attempts": 1})
iam = boto3.client("iam", config=cfg)
ssm = boto3.client("ssm", config=cfg)


def client_for(name, policy=None):
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client("ssm", config=cfg, aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])


nobody = client_for("ssm-enforce-nobody")
allowed = client_for("ssm-enforce-allowed", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:*", "Resource": "*"}]})
ssm.put_parameter(Name="/enforce/target", Value="v", Type="String")

calls = {
    "PutParameter": {"Name": "/enforce/new-{who}", "Value": "v", "Type": "String"},
    "GetParameter": {"Name": "/enforce/target"},
    "GetParameters": {"Names": ["/enforce/target", "/enforce/ghost"]},
    "GetParametersByPath": {"Path": "/enforce"},
    "DescribeParameters": {},
    "GetParameterHistory": {"Name": "/enforce/target"},
    "DeleteParameter": {"Name": "/enforce/ghost"},
    "DeleteParameters": {"Names": ["/enforce/ghost"]},
    "AddTagsToResource": {"ResourceType": "Parameter", "ResourceId": "/enforce/target", "Tags": [{"Key": "k", "Value": "v"}]},
    "RemoveTagsFromResource": {"ResourceType": "Parameter", "ResourceId": "/enforce/target", "TagKeys": ["k"]},
    "ListTagsForResource": {"ResourceType": "Parameter", "ResourceId": "/enforce/target"},
}


def code(client, operation, params, who):
    method = getattr(client, botocore.xform_name(operation))
    params = json.loads(json.dumps(params).replace("{who}", who))
    try:
        method(**params)
        return "OK"
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]


print(json.dumps({op: [code(nobody, op, p, "nobody"), code(allowed, op, p, "allowed")] for op, p in calls.items()}))
