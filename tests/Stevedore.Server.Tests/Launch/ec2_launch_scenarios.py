# EC2 and EXTERNAL launch scenarios through the real endpoint (boto3): container instances registered with
# RegisterContainerInstance in the attribute convention of docs/services/ecs.md (stevedore.config/NAME = an ecs.config
# line, stevedore.instance-role = the instance profile's role, versionInfo.agentVersion), then one RunTask per scenario.
# Prints {scenario: {taskArn, taskId, lastStatus, stopCode, stoppedReason, containerReason, taskDefinitionArn,
# executionRoleArn, vpcId, platformVersion, launchType, containerInstanceArn}} and, for a RunTask that placed nothing,
# {scenario: {"failures": [...], taskDefinitionArn, executionRoleArn, launchType, containerInstanceArn}}.
import boto3, json
from botocore.config import Config
cfg = Config(retries={"max_attempts": 1})
c = lambda name: boto3.client(name, config=cfg)
iam, ecr, logs, ecs = (c(n) for n in ["iam", "ecr", "logs", "ecs"])
ACCOUNT, REGION = "000000000000", "us-east-1"

TRUST_ECS = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
TRUST_EC2 = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
ALL = ["ecr:GetAuthorizationToken", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "logs:CreateLogStream", "logs:PutLogEvents"]

def role(name, without=(), trust=TRUST_ECS):
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    statement = {"Effect": "Allow", "Action": [a for a in ALL if a not in without], "Resource": "*"}
    iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    return arn

exec_good = role("ec2-exec-good")
exec_no_stream = role("ec2-exec-no-stream", without=["logs:CreateLogStream"])
exec_no_token = role("ec2-exec-no-token", without=["ecr:GetAuthorizationToken"])
inst_good = role("ec2-instance-good", trust=TRUST_EC2)
inst_no_logs = role("ec2-instance-no-logs", without=["logs:CreateLogStream"], trust=TRUST_EC2)

ecr.create_repository(repositoryName="ec2app")
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7, "digest": "sha256:" + "3" * 64},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 9, "digest": "sha256:" + "4" * 64}]}
ecr.put_image(repositoryName="ec2app", imageManifest=json.dumps(manifest), imageTag="1")
IMAGE = f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/ec2app:1"
logs.create_log_group(logGroupName="/ecs/ec2")

def cluster_with_instance(name, instance_id, version="1.105.1", override=None, instance_role=None, external=False):
    ecs.create_cluster(clusterName=name)
    attributes = []
    if override is not None:
        attributes.append({"name": "stevedore.config/ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE", "value": override})
    if instance_role:
        attributes.append({"name": "stevedore.instance-role", "value": instance_role})
    if external:
        attributes.append({"name": "ecs.capability.external"})
    return ecs.register_container_instance(cluster=name, instanceIdentityDocument=json.dumps({"instanceId": instance_id, "region": REGION}),
        versionInfo={"agentVersion": version}, attributes=attributes,
        totalResources=[{"name": "CPU", "type": "INTEGER", "integerValue": 2048}, {"name": "MEMORY", "type": "INTEGER", "integerValue": 3768}],
    )["containerInstance"]["containerInstanceArn"]

instances = {
    "override": cluster_with_instance("ec2-override", "i-0override0000001", override="true", instance_role=inst_no_logs),
    "default": cluster_with_instance("ec2-default", "i-0default00000001", instance_role=inst_no_logs),
    "default-good": cluster_with_instance("ec2-default-good", "i-0defaultgood0001", instance_role=inst_good),
    "external": cluster_with_instance("external", "mi-0external000001", override="true", instance_role=inst_good, external=True),
    "old": cluster_with_instance("old-agent", "i-0oldagent0000001", version="1.15.0", instance_role=inst_good),
}

def register(family, compat, prefix=None):
    options = {"awslogs-group": "/ecs/ec2", "awslogs-region": REGION}
    if prefix:
        options["awslogs-stream-prefix"] = prefix
    container = {"name": "app", "image": IMAGE, "essential": True, "memory": 256, "logConfiguration": {"logDriver": "awslogs", "options": options}}
    return ecs.register_task_definition(family=family, requiresCompatibilities=[compat], networkMode="bridge", executionRoleArn=exec_good,
        containerDefinitions=[container])["taskDefinition"]["taskDefinitionArn"]

register("ec2-web", "EC2", prefix="ec2")
register("ec2-noprefix", "EC2")
register("ext-web", "EXTERNAL", prefix="ext")

results = {}
def run(name, cluster, family, role_arn, launch_type="EC2"):
    response = ecs.run_task(cluster=cluster, taskDefinition=family, launchType=launch_type, overrides={"executionRoleArn": role_arn})
    if not response["tasks"]:
        results[name] = {"failures": response["failures"], "taskDefinitionArn": ecs.describe_task_definition(taskDefinition=family)["taskDefinition"]["taskDefinitionArn"],
            "executionRoleArn": role_arn, "launchType": launch_type, "containerInstanceArn": response["failures"][0]["arn"], "cluster": cluster}
        return
    arn = response["tasks"][0]["taskArn"]
    t = ecs.describe_tasks(cluster=cluster, tasks=[arn])["tasks"][0]
    results[name] = {"taskArn": arn, "taskId": arn.split("/")[-1], "lastStatus": t["lastStatus"], "stopCode": t.get("stopCode"),
        "stoppedReason": t.get("stoppedReason"), "containerReason": t["containers"][0].get("reason"),
        "taskDefinitionArn": t["taskDefinitionArn"], "executionRoleArn": role_arn, "vpcId": None, "platformVersion": None,
        "launchType": t["launchType"], "containerInstanceArn": t.get("containerInstanceArn"), "cluster": cluster}

# (1a) The awslogs override: the execution role writes the logs (the instance role lacking them does not matter).
run("ec2_override_good", "ec2-override", "ec2-web", exec_good)
run("ec2_override_no_stream", "ec2-override", "ec2-web", exec_no_stream)
# (1b) No override: dockerd's awslogs driver uses the instance role.
run("ec2_default_instance_no_logs", "ec2-default", "ec2-web", exec_good)
run("ec2_default_exec_no_stream", "ec2-default-good", "ec2-web", exec_no_stream)
# Without awslogs-stream-prefix the EC2 stream is named after the container id.
run("ec2_no_prefix", "ec2-default-good", "ec2-noprefix", exec_good)
# EXTERNAL (ECS Anywhere).
run("external_good", "external", "ext-web", exec_good, "EXTERNAL")
run("external_no_token", "external", "ext-web", exec_no_token, "EXTERNAL")
# (2) Agent 1.15.0, below the execution role's minimum 1.16.0.
run("old_agent", "old-agent", "ec2-web", exec_good)

good = results["ec2_override_good"]
stream = f"ec2/app/{good['taskId']}"
results["ec2_override_good"]["log"] = [e["message"] for e in logs.get_log_events(logGroupName="/ecs/ec2", logStreamName=stream)["events"]]
results["_instances"] = instances
results["_streams"] = sorted(s["logStreamName"] for s in logs.describe_log_streams(logGroupName="/ecs/ec2")["logStreams"])
print(json.dumps(results))
