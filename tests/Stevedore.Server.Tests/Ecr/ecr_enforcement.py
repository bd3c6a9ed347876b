# Calls every implemented ECR operation twice: as a user with no permissions and as a user whose inline policy
# allows ecr:*. Prints {"Operation": ["code-as-nobody", "code-as-allowed"]} where a code is "OK" or the AWS error
# code. Run by EcrEnforcementTests with the endpoint in AWS_ENDPOINT_URL.
import json
import boto3
from botocore.config import Config

cfg = Config(retries={"max_attempts": 1})
root_iam = boto3.client("iam", config=cfg)
root_ecr = boto3.client("ecr", config=cfg)
ACCOUNT = "000000000000"
DIGEST = "sha256:" + "0" * 64
MANIFEST = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                       "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1, "digest": "sha256:" + "1" * 64},
                       "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 2, "digest": DIGEST}]})
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "ecr:BatchGetImage"}]})


def keys_for(name, policy=None):
    root_iam.create_user(UserName=name)
    if policy:
        root_iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key = root_iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


nobody = keys_for("enforce-ecr-nobody")
allowed = keys_for("enforce-ecr-allowed", {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ecr:*", "Resource": "*"}]})
arn = root_ecr.create_repository(repositoryName="enforce/target")["repository"]["repositoryArn"]
root_ecr.put_image(repositoryName="enforce/target", imageManifest=MANIFEST, imageTag="v1")
repo = {"repositoryName": "enforce/target"}

calls = {
    "CreateRepository": {"repositoryName": "enforce/new-{who}"},
    "DescribeRepositories": {},
    "DeleteRepository": {"repositoryName": "enforce/ghost"},
    "SetRepositoryPolicy": {**repo, "policyText": POLICY},
    "GetRepositoryPolicy": repo,
    "DeleteRepositoryPolicy": {"repositoryName": "enforce/ghost"},
    "PutImage": {**repo, "imageManifest": MANIFEST, "imageTag": "{who}"},
    "BatchGetImage": {**repo, "imageIds": [{"imageTag": "v1"}]},
    "DescribeImages": repo,
    "ListImages": repo,
    "BatchDeleteImage": {**repo, "imageIds": [{"imageTag": "ghost"}]},
    "GetAuthorizationToken": {},
    "BatchCheckLayerAvailability": {**repo, "layerDigests": [DIGEST]},
    "GetDownloadUrlForLayer": {**repo, "layerDigest": DIGEST},
    "TagResource": {"resourceArn": arn, "tags": [{"Key": "k", "Value": "v"}]},
    "UntagResource": {"resourceArn": arn, "tagKeys": ["k"]},
    "ListTagsForResource": {"resourceArn": arn},
}


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def call(keys, operation, params, who):
    client = boto3.client("ecr", aws_access_key_id=keys[0], aws_secret_access_key=keys[1], config=cfg)
    params = {k: (v.replace("{who}", who) if isinstance(v, str) else v) for k, v in params.items()}
    try:
        getattr(client, snake(operation))(**params)
        return "OK"
    except client.exceptions.ClientError as error:
        return error.response["Error"]["Code"]
    except Exception as error:  # a client-side failure is a bug in this table: report it, do not hide it
        return f"{type(error).__name__}: {error}"


print(json.dumps({op: [call(nobody, op, p, "nobody"), call(allowed, op, p, "allowed")] for op, p in calls.items()}))
