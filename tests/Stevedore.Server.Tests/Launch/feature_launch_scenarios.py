# Fargate launch scenarios for the seed's other use cases, through the real endpoint (boto3): repositoryCredentials
# (AWS managed and customer KMS key, bad secret shape), a cross-account ECR image (repository in 111111111111, created
# with keys test2/test2), awslogs-create-group, a permissions boundary, confused-deputy trust conditions and StopTask.
# Prints {scenario: {taskArn, taskId, lastStatus, stopCode, stoppedReason, containerReason, taskDefinitionArn,
# executionRoleArn, vpcId, platformVersion, launchType}} as JSON, plus "_"-prefixed facts the tests read.
import boto3, json
from botocore.config import Config
cfg = Config(retries={"max_attempts": 1})
c = lambda name, **kw: boto3.client(name, config=cfg, **kw)
iam, ecr, sm, logs, kms, ec2, ecs = (c(n) for n in ["iam", "ecr", "secretsmanager", "logs", "kms", "ec2", "ecs"])
other_ecr = c("ecr", aws_access_key_id="test2", aws_secret_access_key="test2")
ACCOUNT, OTHER, REGION = "000000000000", "111111111111", "us-east-1"

def trust(condition=None):
    statement = {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return {"Version": "2012-10-17", "Statement": [statement]}

ALL = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "secretsmanager:GetSecretValue",
       "logs:CreateLogStream", "logs:PutLogEvents", "logs:CreateLogGroup", "kms:Decrypt"]

def role(name, without=(), trust_policy=None, boundary=None):
    kwargs = {"PermissionsBoundary": boundary} if boundary else {}
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust_policy or trust()), **kwargs)["Role"]["Arn"]
    statement = {"Effect": "Allow", "Action": [a for a in ALL if a not in without], "Resource": "*"}
    iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    return arn

# The boundary allows everything the launch needs except Secrets Manager.
boundary = iam.create_policy(PolicyName="exec-boundary", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["ecr:*", "logs:*", "kms:*"], "Resource": "*"}]}))["Policy"]["Arn"]

good = role("feat-good")
roles = {
    "no_secret": role("feat-no-secret", without=["secretsmanager:GetSecretValue"]),
    "no_kms": role("feat-no-kms", without=["kms:Decrypt"]),
    "no_batch": role("feat-no-batch", without=["ecr:BatchGetImage"]),
    "no_create_group": role("feat-no-create-group", without=["logs:CreateLogGroup"]),
    "boundary": role("feat-boundary", boundary=boundary),
    "source_account_wrong": role("feat-source-account-wrong", trust_policy=trust({"StringEquals": {"aws:SourceAccount": "999999999999"}})),
    "source_arn_right": role("feat-source-arn-right", trust_policy=trust({"ArnLike": {"aws:SourceArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:*"},
                                                                            "StringEquals": {"aws:SourceAccount": ACCOUNT}})),
    "source_arn_wrong": role("feat-source-arn-wrong", trust_policy=trust({"ArnLike": {"aws:SourceArn": f"arn:aws:ecs:us-west-2:{ACCOUNT}:*"}})),
}

manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7, "digest": "sha256:" + "5" * 64},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 9, "digest": "sha256:" + "6" * 64}]}
def repository(client, name):
    client.create_repository(repositoryName=name)
    client.put_image(repositoryName=name, imageManifest=json.dumps(manifest), imageTag="1")

repository(ecr, "feat")
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/feat:1"
# Cross-account: two repositories in the other account, one with a repository policy letting this account pull.
repository(other_ecr, "shared")
repository(other_ecr, "private")
other_ecr.set_repository_policy(repositoryName="shared", policyText=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "AllowPull", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
     "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}))

# repositoryCredentials: one secret under the AWS managed key, one under a customer key, one without username/password.
registry_secret = sm.create_secret(Name="registry/managed", SecretString=json.dumps({"username": "u", "password": "p"}))["ARN"]
key = kms.create_key()["KeyMetadata"]["Arn"]
registry_kms_secret = sm.create_secret(Name="registry/cmk", SecretString=json.dumps({"username": "u", "password": "p"}), KmsKeyId=key)["ARN"]
registry_bad_secret = sm.create_secret(Name="registry/bad", SecretString=json.dumps({"user": "u"}))["ARN"]

logs.create_log_group(logGroupName="/ecs/feat")
vpc = ec2.create_vpc(CidrBlock="10.2.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.2.1.0/24")["Subnet"]["SubnetId"]
ecs.create_cluster(clusterName="features")

def register(family, image=IMAGE, group="/ecs/feat", create_group=False, credentials=None, secrets=()):
    options = {"awslogs-group": group, "awslogs-region": REGION, "awslogs-stream-prefix": "feat"}
    if create_group:
        options["awslogs-create-group"] = "true"
    container = {"name": "app", "image": image, "essential": True, "logConfiguration": {"logDriver": "awslogs", "options": options}}
    if credentials:
        container["repositoryCredentials"] = {"credentialsParameter": credentials}
    if secrets:
        container["secrets"] = list(secrets)
    ecs.register_task_definition(family=family, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        executionRoleArn=good, containerDefinitions=[container])

PRIVATE = "registry.example.com/app:1"
register("feat-web")
register("feat-registry", image=PRIVATE, credentials=registry_secret)
register("feat-registry-cmk", image=PRIVATE, credentials=registry_kms_secret)
register("feat-registry-bad", image=PRIVATE, credentials=registry_bad_secret)
register("feat-cross", image=f"{OTHER}.dkr.ecr.{REGION}.amazonaws.com/shared:1")
register("feat-cross-private", image=f"{OTHER}.dkr.ecr.{REGION}.amazonaws.com/private:1")
register("feat-create-group", group="/ecs/created", create_group=True)
register("feat-create-group-denied", group="/ecs/not-created", create_group=True)
register("feat-missing-group", group="/ecs/missing")
register("feat-secret", secrets=[{"name": "REGISTRY", "valueFrom": registry_secret}])

results = {}
def run(name, family, role_arn=good):
    task = ecs.run_task(cluster="features", taskDefinition=family, launchType="FARGATE", overrides={"executionRoleArn": role_arn},
        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}})["tasks"][0]
    arn = task["taskArn"]
    t = ecs.describe_tasks(cluster="features", tasks=[arn])["tasks"][0]
    results[name] = {"taskArn": arn, "taskId": arn.split("/")[-1], "lastStatus": t["lastStatus"], "stopCode": t.get("stopCode"),
        "stoppedReason": t.get("stoppedReason"), "containerReason": t["containers"][0].get("reason"),
        "taskDefinitionArn": t["taskDefinitionArn"], "executionRoleArn": role_arn, "vpcId": vpc,
        "platformVersion": t.get("platformVersion"), "launchType": t["launchType"]}
    return arn

# (3) repositoryCredentials.
run("registry_managed", "feat-registry")
run("registry_managed_no_secret", "feat-registry", roles["no_secret"])
run("registry_cmk", "feat-registry-cmk")
run("registry_cmk_no_kms", "feat-registry-cmk", roles["no_kms"])
run("registry_bad_shape", "feat-registry-bad")
# (4) Cross-account ECR.
run("cross_account", "feat-cross")
run("cross_account_no_policy", "feat-cross-private")
run("cross_account_no_batch", "feat-cross", roles["no_batch"])
# (5) awslogs-create-group.
run("create_group", "feat-create-group")
run("create_group_denied", "feat-create-group-denied", roles["no_create_group"])
run("missing_group", "feat-missing-group")
# (6) A permissions boundary without Secrets Manager.
run("boundary", "feat-secret", roles["boundary"])
# (7) Confused-deputy trust conditions.
run("source_account_wrong", "feat-web", roles["source_account_wrong"])
run("source_arn_right", "feat-web", roles["source_arn_right"])
run("source_arn_wrong", "feat-web", roles["source_arn_wrong"])
# (8) StopTask on a running task.
stopped = run("stop_task", "feat-web")
ecs.stop_task(cluster="features", task=stopped, reason="Stopped by the end-to-end test")
t = ecs.describe_tasks(cluster="features", tasks=[stopped])["tasks"][0]
results["_stopped"] = {"lastStatus": t["lastStatus"], "desiredStatus": t["desiredStatus"], "stopCode": t.get("stopCode"),
    "stoppedReason": t.get("stoppedReason"), "containers": [x["lastStatus"] for x in t["containers"]]}

results["_groups"] = sorted(g["logGroupName"] for g in logs.describe_log_groups()["logGroups"])
results["_secrets"] = {"managed": registry_secret, "cmk": registry_kms_secret, "bad": registry_bad_secret}
results["_cmk"] = key
print(json.dumps(results))
