# The ECR enforcement matrix: every implemented ECR operation as a principal with no permissions and as one allowed
# ecr:* (see Enforcement/enforcement_common.py for the principals, the run and the output).
import json
from enforcement_common import ACCOUNT, Matrix, root

matrix = Matrix("ecr", "ecr:*")
ecr = root("ecr")
DIGEST = "sha256:" + "0" * 64
MANIFEST = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
                       "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 1, "digest": "sha256:" + "1" * 64},
                       "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 2, "digest": DIGEST}]})
POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "ecr:BatchGetImage"}]})
arn = ecr.create_repository(repositoryName="enforce/target")["repository"]["repositoryArn"]
ecr.put_image(repositoryName="enforce/target", imageManifest=MANIFEST, imageTag="v1")
repo = {"repositoryName": "enforce/target"}

matrix.run({
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
})
