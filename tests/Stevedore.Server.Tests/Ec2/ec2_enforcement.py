# Calls every implemented EC2 operation twice: as a user with no permissions and as a user allowed ec2:*.
# Prints {"Operation": ["code-as-nobody", "code-as-allowed"]} where a code is "OK" or the AWS error code.
import json
import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

cfg = Config(retries={"max_attempts": 1})
iam = boto3.client("iam", config=cfg)
root = boto3.client("ec2", config=cfg)


def keys_for(name, policy=None):
    iam.create_user(UserName=name)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


nobody = keys_for("ec2-nobody")
allowed = keys_for("ec2-allowed", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:*", "Resource": "*"}]})
vpc = root.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
ghost_vpc, ghost_subnet, ghost_sg, ghost_vpce = "vpc-0000000000000000a", "subnet-0000000000000000a", "sg-0000000000000000a", "vpce-0000000000000000a"

calls = {
    "CreateVpc": {"CidrBlock": "10.78.0.0/16"},
    "DescribeVpcs": {},
    "ModifyVpcAttribute": {"VpcId": vpc, "EnableDnsHostnames": {"Value": True}},
    "DescribeVpcAttribute": {"VpcId": vpc, "Attribute": "enableDnsSupport"},
    "DeleteVpc": {"VpcId": ghost_vpc},
    "CreateSubnet": {"VpcId": vpc, "CidrBlock": "10.77.{n}.0/24"},
    "DescribeSubnets": {},
    "DeleteSubnet": {"SubnetId": ghost_subnet},
    "CreateVpcEndpoint": {"VpcId": vpc, "ServiceName": "com.amazonaws.us-east-1.s3"},
    "DescribeVpcEndpoints": {},
    "ModifyVpcEndpoint": {"VpcEndpointId": ghost_vpce, "ResetPolicy": True},
    "DeleteVpcEndpoints": {"VpcEndpointIds": [ghost_vpce]},
    "CreateSecurityGroup": {"GroupName": "enforced-{who}", "Description": "d", "VpcId": vpc},
    "DescribeSecurityGroups": {},
    "DeleteSecurityGroup": {"GroupId": ghost_sg},
    "CreateTags": {"Resources": [vpc], "Tags": [{"Key": "k", "Value": "v"}]},
    "DeleteTags": {"Resources": [vpc], "Tags": [{"Key": "k"}]},
    "DescribeTags": {},
}


def call(keys, who, n, operation, params):
    client = boto3.client("ec2", aws_access_key_id=keys[0], aws_secret_access_key=keys[1], config=cfg)
    filled = json.loads(json.dumps(params).replace("{who}", who).replace("{n}", str(n)))
    name = "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")
    try:
        getattr(client, name)(**filled)
        return "OK"
    except ClientError as e:
        return e.response["Error"]["Code"]


matrix = {}
for n, (operation, params) in enumerate(calls.items(), start=1):
    matrix[operation] = [call(nobody, "nobody", n, operation, params), call(allowed, "allowed", n, operation, params)]
print(json.dumps(matrix))
