# Launch scenarios through the real endpoint: one world (roles, image, secrets, env file, log group, VPCs), then one
# RunTask per scenario; prints {scenario: {taskId, lastStatus, stopCode, stoppedReason, containerReason, taskDefinitionArn,
# executionRoleArn, vpcId, platformVersion}} as JSON (the last four: the inputs the agreement test gives the advisor).
import boto3, json
from botocore.config import Config
cfg = Config(retries={"max_attempts": 1})
c = lambda name: boto3.client(name, config=cfg)
iam, ecr, ssm, sm, s3, logs, kms, ec2, ecs = (c(n) for n in ["iam", "ecr", "ssm", "secretsmanager", "s3", "logs", "kms", "ec2", "ecs"])
ACCOUNT, REGION = "000000000000", "us-east-1"

TRUST_ECS = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
    "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": ACCOUNT}}}]}
TRUST_EC2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
ALL = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability",
       "ssm:GetParameters", "secretsmanager:GetSecretValue", "s3:GetObject", "s3:GetBucketLocation",
       "logs:CreateLogStream", "logs:PutLogEvents", "kms:Decrypt"]

def role(name, without=(), deny=None, trust=TRUST_ECS, statements=None):
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    statements = statements or [{"Effect": "Allow", "Action": [a for a in ALL if a not in without], "Resource": "*"}]
    if deny:
        statements.append({"Effect": "Deny", "Action": deny, "Resource": "*"})
    iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    return arn

good = role("exec-good")
roles = {
    "no_token": role("exec-no-token", without=["ecr:GetAuthorizationToken"]),
    "no_secret": role("exec-no-secret", without=["secretsmanager:GetSecretValue"]),
    "no_ssm": role("exec-no-ssm", without=["ssm:GetParameters"]),
    "no_s3": role("exec-no-s3", without=["s3:GetObject"]),
    "no_stream": role("exec-no-stream", without=["logs:CreateLogStream"]),
    "deny_secret": role("exec-deny", deny=["secretsmanager:GetSecretValue"]),
    "wrong_trust": role("exec-wrong-trust", trust=TRUST_EC2),
    "no_kms": role("exec-no-kms", without=["kms:Decrypt"]),
    "missing_role": f"arn:aws:iam::{ACCOUNT}:role/does-not-exist",
}

# The image: pushed with PutImage alone (its layers are not stored: reachable).
ecr.create_repository(repositoryName="app")
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7, "digest": "sha256:" + "1" * 64},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 9, "digest": "sha256:" + "2" * 64}]}
ecr.put_image(repositoryName="app", imageManifest=json.dumps(manifest), imageTag="1")
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/app:1"

ssm.put_parameter(Name="/app/db", Value="postgres://db", Type="SecureString")
secret = sm.create_secret(Name="app/creds", SecretString=json.dumps({"password": "p4ss", "user": "u"}))["ARN"]
key = kms.create_key()["KeyMetadata"]["Arn"]
kms_secret = sm.create_secret(Name="app/kms", SecretString=json.dumps({"password": "k"}), KmsKeyId=key)["ARN"]
s3.create_bucket(Bucket="envs-bucket")
s3.put_object(Bucket="envs-bucket", Key="app.env", Body=b"MODE=prod\n")
logs.create_log_group(logGroupName="/ecs/web")

vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
# A private VPC with an interface endpoint for ecr.dkr (private DNS): the seed's conditions apply to the pull.
pvpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
ec2.modify_vpc_attribute(VpcId=pvpc, EnableDnsSupport={"Value": True})
ec2.modify_vpc_attribute(VpcId=pvpc, EnableDnsHostnames={"Value": True})
psubnet = ec2.create_subnet(VpcId=pvpc, CidrBlock="10.1.1.0/24")["Subnet"]["SubnetId"]
vpce = ec2.create_vpc_endpoint(VpcId=pvpc, ServiceName=f"com.amazonaws.{REGION}.ecr.dkr", VpcEndpointType="Interface",
    SubnetIds=[psubnet], PrivateDnsEnabled=True)["VpcEndpoint"]["VpcEndpointId"]

def seed_role(name, vpce_id):
    # The seed document's example policy, with this VPC's ids.
    return role(name, statements=[
        {"Effect": "Allow", "Action": ["ecr:GetAuthorizationToken", "logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*"},
        {"Effect": "Allow", "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], "Resource": "*",
         "Condition": {"StringEquals": {"aws:sourceVpce": vpce_id, "aws:sourceVpc": pvpc}}}])
roles["vpce_right"] = seed_role("exec-vpce-right", vpce)
roles["vpce_wrong"] = seed_role("exec-vpce-wrong", "vpce-0123456789abcdef0")

ecs.create_cluster(clusterName="launch")
LOG = {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-region": REGION, "awslogs-stream-prefix": "web"}}

def register(family, secrets, env_files=True):
    container = {"name": "app", "image": IMAGE, "essential": True, "secrets": secrets, "logConfiguration": LOG}
    if env_files:
        container["environmentFiles"] = [{"value": "arn:aws:s3:::envs-bucket/app.env", "type": "s3"}]
    ecs.register_task_definition(family=family, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        executionRoleArn=good, containerDefinitions=[container])

SECRETS = [{"name": "DB", "valueFrom": f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/app/db"}, {"name": "PW", "valueFrom": secret + ":password::"}]
register("web", SECRETS)
register("web-missing-secret", [{"name": "PW", "valueFrom": f"arn:aws:secretsmanager:{REGION}:{ACCOUNT}:secret:app/nope-AbCdEf"}])
register("web-missing-key", [{"name": "PW", "valueFrom": secret + ":nokey::"}])
register("web-kms", [{"name": "PW", "valueFrom": kms_secret + ":password::"}])
register("web-plain", [], env_files=False)

launched = {}
def run(family, role_arn=None, subnet_id=subnet):
    kwargs = {"overrides": {"executionRoleArn": role_arn}} if role_arn else {}
    task = ecs.run_task(cluster="launch", taskDefinition=family, launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet_id], "assignPublicIp": "ENABLED"}}, **kwargs)["tasks"][0]
    launched[task["taskArn"]] = (role_arn or good, pvpc if subnet_id == psubnet else vpc)
    return task["taskArn"]

results = {}
def record(name, arn):
    t = ecs.describe_tasks(cluster="launch", tasks=[arn])["tasks"][0]
    results[name] = {"taskArn": arn, "taskId": arn.split("/")[-1], "lastStatus": t["lastStatus"], "stopCode": t.get("stopCode"),
        "stoppedReason": t.get("stoppedReason"), "containerReason": t["containers"][0].get("reason"),
        "taskDefinitionArn": t["taskDefinitionArn"], "executionRoleArn": launched[arn][0], "vpcId": launched[arn][1],
        "platformVersion": t.get("platformVersion")}

arn = run("web")
ecs.get_waiter("tasks_running").wait(cluster="launch", tasks=[arn], WaiterConfig={"Delay": 1, "MaxAttempts": 5})
record("good", arn)
tid = arn.split("/")[-1]
events = logs.get_log_events(logGroupName="/ecs/web", logStreamName=f"web/app/{tid}")["events"]
results["good"]["log"] = [e["message"] for e in events]

for name in ["no_token", "no_secret", "no_ssm", "no_s3", "no_stream", "deny_secret", "wrong_trust", "missing_role"]:
    record(name, run("web", roles[name]))
record("missing_secret", run("web-missing-secret"))
record("missing_key", run("web-missing-key"))
record("no_kms", run("web-kms", roles["no_kms"]))
record("vpce_right", run("web-plain", roles["vpce_right"], psubnet))
record("vpce_wrong", run("web-plain", roles["vpce_wrong"], psubnet))
results["_vpce"] = vpce
results["_vpc"] = pvpc
results["_key"] = key
print(json.dumps(results))
