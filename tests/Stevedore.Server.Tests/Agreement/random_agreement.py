# Random task definitions and execution roles (issue 6, "Agreement with the agent"): argv[1] = seed, argv[2] = number of
# cases. One world (images in this and another account, SSM parameters and Secrets Manager secrets under AWS managed and
# customer managed keys, a registry credential, an env file, log groups), then per case a task definition (image kind,
# secrets with JSON keys, env files, awslogs with or without awslogs-create-group, repositoryCredentials) and a role (a
# random subset of the actions the definition needs, each on "*", its exact resource or a wrong one; sometimes an
# explicit Deny, a permissions boundary, the AWS-managed policy, a customer managed policy, a different trust policy),
# one Fargate RunTask each. Prints {"cases": {name: {task…, "description", "inputs": advisor inputs read back through the
# API}}, "_awsManagedKeys": [...]}.
import boto3, json, random, sys, time
from botocore.config import Config

seed, count = int(sys.argv[1]), int(sys.argv[2])
rnd = random.Random(seed)
cfg = Config(retries={"max_attempts": 1})
c = lambda name, **kw: boto3.client(name, config=cfg, **kw)
iam, ecr, ssm, sm, s3, logs, kms, ec2, ecs = (c(n) for n in ["iam", "ecr", "ssm", "secretsmanager", "s3", "logs", "kms", "ec2", "ecs"])
A, OTHER, R = "000000000000", "111111111111", "us-east-1"

# --- the world -------------------------------------------------------------------------------------------------------
MANIFEST = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7, "digest": "sha256:" + "1" * 64},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 9, "digest": "sha256:" + "2" * 64}]})
ecr.create_repository(repositoryName="rnd-app")
ecr.put_image(repositoryName="rnd-app", imageManifest=MANIFEST, imageTag="1")
other_ecr = c("ecr", aws_access_key_id="test2", aws_secret_access_key="test2")
other_ecr.create_repository(repositoryName="rnd-shared")
other_ecr.put_image(repositoryName="rnd-shared", imageManifest=MANIFEST, imageTag="1")
# The other account lets this account pull: the identity side then decides (the advisor's model for cross-account images).
other_ecr.set_repository_policy(repositoryName="rnd-shared", policyText=json.dumps({"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{A}:root"},
    "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]}]}))

key = kms.create_key()["KeyMetadata"]["Arn"]
ssm.put_parameter(Name="/rnd/plain", Value="p", Type="String")
ssm.put_parameter(Name="/rnd/secure", Value="s", Type="SecureString")
ssm.put_parameter(Name="/rnd/cmk", Value="c", Type="SecureString", KeyId=key)
secret_json = sm.create_secret(Name="rnd/json", SecretString=json.dumps({"password": "p", "user": "u"}))["ARN"]
secret_cmk = sm.create_secret(Name="rnd/cmk", SecretString=json.dumps({"password": "k"}), KmsKeyId=key)["ARN"]
secret_registry = sm.create_secret(Name="rnd/registry", SecretString=json.dumps({"username": "u", "password": "p"}))["ARN"]
s3.create_bucket(Bucket="rnd-envs")
s3.put_object(Bucket="rnd-envs", Key="app.env", Body=b"MODE=prod\n")
logs.create_log_group(logGroupName="/rnd/exists")
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
ecs.create_cluster(clusterName="random")

IMAGES = {
    "ecr": (f"{A}.dkr.ecr.{R}.amazonaws.com/rnd-app:1", f"arn:aws:ecr:{R}:{A}:repository/rnd-app"),
    "ecr-other-account": (f"{OTHER}.dkr.ecr.{R}.amazonaws.com/rnd-shared:1", f"arn:aws:ecr:{R}:{OTHER}:repository/rnd-shared"),
    "public": ("public.ecr.aws/nginx/nginx:latest", None),
    "docker-hub": ("nginx:1.27", None),
    "private-registry": ("registry.example.com/team/app:1", None),
}
SECRETS = [  # (valueFrom, the (action, resource) pairs it needs)
    ("/rnd/plain", [("ssm:GetParameters", f"arn:aws:ssm:{R}:{A}:parameter/rnd/plain")]),
    (f"arn:aws:ssm:{R}:{A}:parameter/rnd/secure", [("ssm:GetParameters", f"arn:aws:ssm:{R}:{A}:parameter/rnd/secure")]),
    (f"arn:aws:ssm:{R}:{A}:parameter/rnd/cmk", [("ssm:GetParameters", f"arn:aws:ssm:{R}:{A}:parameter/rnd/cmk"), ("kms:Decrypt", key)]),
    (secret_json, [("secretsmanager:GetSecretValue", secret_json)]),
    (secret_json + ":password::", [("secretsmanager:GetSecretValue", secret_json)]),
    (secret_cmk + ":password::", [("secretsmanager:GetSecretValue", secret_cmk), ("kms:Decrypt", key)]),
]
WRONG = {  # a resource of the same type that is not the one needed
    "ecr:BatchGetImage": f"arn:aws:ecr:{R}:{A}:repository/nope", "ecr:GetDownloadUrlForLayer": f"arn:aws:ecr:{R}:{A}:repository/nope",
    "ecr:BatchCheckLayerAvailability": f"arn:aws:ecr:{R}:{A}:repository/nope",
    "ssm:GetParameters": f"arn:aws:ssm:{R}:{A}:parameter/nope/*", "secretsmanager:GetSecretValue": f"arn:aws:secretsmanager:{R}:{A}:secret:nope-*",
    "kms:Decrypt": f"arn:aws:kms:{R}:{A}:key/00000000-0000-0000-0000-000000000000", "s3:GetObject": "arn:aws:s3:::rnd-envs/other.env",
    "s3:GetBucketLocation": "arn:aws:s3:::other-bucket", "logs:CreateLogStream": f"arn:aws:logs:{R}:{A}:log-group:/nope:*",
    "logs:PutLogEvents": f"arn:aws:logs:{R}:{A}:log-group:/nope:*", "logs:CreateLogGroup": f"arn:aws:logs:{R}:{A}:log-group:/nope:*",
    "ecr:GetAuthorizationToken": "*",
}
TRUST_OK = {"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}

def chance(p):
    return rnd.random() < p

def definition(n):
    """A random container (or two) and the (action, resource) pairs they need."""
    needs, containers = [], []
    for i in range(rnd.choice([1, 1, 2])):
        kind = rnd.choice(list(IMAGES))
        image, repository = IMAGES[kind]
        container = {"name": f"c{i}", "image": image, "essential": i == 0}
        if repository:
            needs += [("ecr:GetAuthorizationToken", "*"), ("ecr:BatchGetImage", repository), ("ecr:GetDownloadUrlForLayer", repository)]
        if kind == "private-registry":
            container["repositoryCredentials"] = {"credentialsParameter": secret_registry}
            needs.append(("secretsmanager:GetSecretValue", secret_registry))
        chosen = rnd.sample(SECRETS, rnd.choice([0, 0, 1, 2, 3]))
        if chosen:
            container["secrets"] = [{"name": f"S{j}", "valueFrom": v} for j, (v, _) in enumerate(chosen)]
            needs += [p for _, pairs in chosen for p in pairs]
        if chance(0.3):
            container["environmentFiles"] = [{"value": "arn:aws:s3:::rnd-envs/app.env", "type": "s3"}]
            needs += [("s3:GetObject", "arn:aws:s3:::rnd-envs/app.env"), ("s3:GetBucketLocation", "arn:aws:s3:::rnd-envs")]
        if chance(0.7):
            create = chance(0.35)
            group = f"/rnd/new-{n}-{i}" if create and chance(0.7) else "/rnd/exists"
            options = {"awslogs-group": group, "awslogs-region": R, "awslogs-stream-prefix": "app"}
            if create:
                options["awslogs-create-group"] = "true"
                needs.append(("logs:CreateLogGroup", f"arn:aws:logs:{R}:{A}:log-group:{group}:*"))
            container["logConfiguration"] = {"logDriver": "awslogs", "options": options}
            needs += [("logs:CreateLogStream", f"arn:aws:logs:{R}:{A}:log-group:{group}:*"), ("logs:PutLogEvents", f"arn:aws:logs:{R}:{A}:log-group:{group}:*")]
        containers.append(container)
    return containers, list(dict.fromkeys(needs))

def role(name, needs):
    """A random role for these needs; returns its ARN and a description of what was drawn."""
    drawn = {}
    trust = dict(TRUST_OK)
    shape = rnd.choice(["ok"] * 6 + ["source-account"] * 2 + ["wrong-account", "wrong-principal"])
    if shape in ("source-account", "wrong-account"):
        trust["Condition"] = {"StringEquals": {"aws:SourceAccount": A if shape == "source-account" else "999999999999"}}
    elif shape == "wrong-principal":
        trust["Principal"] = {"Service": "ec2.amazonaws.com"}
    drawn["trust"] = shape
    by_action = {}
    for action, resource in needs:
        if not chance(0.9):
            continue
        mode = rnd.choice(["star"] * 3 + ["exact"] * 3 + ["wrong"])
        by_action.setdefault(action, []).append("*" if mode == "star" else resource if mode == "exact" else WRONG[action])
    statements = [{"Effect": "Allow", "Action": a, "Resource": sorted(set(rs))} for a, rs in by_action.items()]
    if needs and chance(0.2):
        action, resource = rnd.choice(needs)
        statements.append({"Sid": "Deny", "Effect": "Deny", "Action": action, "Resource": rnd.choice(["*", resource])})
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [trust]}))["Role"]["Arn"]
    if statements:
        document = json.dumps({"Version": "2012-10-17", "Statement": statements})
        if chance(0.3):
            iam.attach_role_policy(RoleName=name, PolicyArn=iam.create_policy(PolicyName=f"{name}-p", PolicyDocument=document)["Policy"]["Arn"])
            drawn["policy"] = "customer-managed"
        else:
            iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=document)
            drawn["policy"] = "inline"
    if chance(0.2):
        iam.attach_role_policy(RoleName=name, PolicyArn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
        drawn["managed"] = True
    if needs and chance(0.2):
        allowed = sorted({a for a, _ in needs if chance(0.8)}) or ["sts:GetCallerIdentity"]
        boundary = iam.create_policy(PolicyName=f"{name}-boundary", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": allowed, "Resource": "*"}]}))["Policy"]["Arn"]
        iam.put_role_permissions_boundary(RoleName=name, PermissionsBoundary=boundary)
        drawn["boundary"] = allowed
    drawn["statements"] = statements
    return arn, drawn

# --- the advisor's inputs, read back through the API -------------------------------------------------------------------
def role_inputs(arn):
    name = arn.split("/")[-1]
    r = iam.get_role(RoleName=name)["Role"]
    inline = {p: iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"] for p in iam.list_role_policies(RoleName=name)["PolicyNames"]}
    def managed(policy_arn):
        version = iam.get_policy(PolicyArn=policy_arn)["Policy"]["DefaultVersionId"]
        return iam.get_policy_version(PolicyArn=policy_arn, VersionId=version)["PolicyVersion"]["Document"]
    attached = {p["PolicyArn"]: managed(p["PolicyArn"]) for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]}
    boundary = r.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")
    return {"trust": r["AssumeRolePolicyDocument"], "inline": inline, "attached": attached, "boundary": managed(boundary) if boundary else None}

def customer_key(key_id):
    metadata = kms.describe_key(KeyId=key_id)["KeyMetadata"]
    return metadata["Arn"] if metadata["KeyManager"] == "CUSTOMER" else None

def kms_keys(task_definition):
    """valueFrom → the customer managed key of the secret or SecureString (AWS managed keys are left out)."""
    keys = {}
    for container in task_definition["containerDefinitions"]:
        for secret in container.get("secrets", []):
            value = secret["valueFrom"]
            if value.startswith("arn:aws:secretsmanager:"):
                found = sm.describe_secret(SecretId=":".join(value.split(":")[:7])).get("KmsKeyId")
            else:
                name = value if not value.startswith("arn:") else "/" + value.split(":parameter/", 1)[1]
                found = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": [name]}])["Parameters"][0].get("KeyId")
            if found and customer_key(found):
                keys[value] = customer_key(found)
    return keys

# --- the cases ---------------------------------------------------------------------------------------------------------
cases = {}
for n in range(count):
    name = f"case{n:02d}"
    containers, needs = definition(n)
    role_arn, drawn = role(f"rnd-{n:02d}", needs)
    td = ecs.register_task_definition(family=f"rnd-{n:02d}", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256",
        memory="512", executionRoleArn=role_arn, containerDefinitions=containers)["taskDefinition"]
    # The groups awslogs-create-group would create, missing before the launch (the advisor's MissingLogGroups).
    groups = {c["logConfiguration"]["options"]["awslogs-group"] for c in containers
              if c.get("logConfiguration", {}).get("options", {}).get("awslogs-create-group") == "true"}
    missing = [f"arn:aws:logs:{R}:{A}:log-group:{g}" for g in sorted(groups)
               if not any(x["logGroupName"] == g for x in logs.describe_log_groups(logGroupNamePrefix=g)["logGroups"])]
    arn = ecs.run_task(cluster="random", taskDefinition=td["taskDefinitionArn"], launchType="FARGATE",
        networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}})["tasks"][0]["taskArn"]
    for _ in range(100):
        t = ecs.describe_tasks(cluster="random", tasks=[arn])["tasks"][0]
        if t["lastStatus"] in ("RUNNING", "STOPPED"):
            break
        time.sleep(0.1)
    cases[name] = {"taskArn": arn, "taskId": arn.split("/")[-1], "lastStatus": t["lastStatus"], "stoppedReason": t.get("stoppedReason"),
        "executionRoleArn": role_arn, "vpcId": vpc, "platformVersion": t.get("platformVersion"),
        "description": {"containers": containers, "role": drawn},
        "inputs": {"taskDefinition": ecs.describe_task_definition(taskDefinition=td["taskDefinitionArn"])["taskDefinition"],
                   "role": role_inputs(role_arn), "kmsKeys": kms_keys(td),
                   "missingLogGroups": missing}}
aliases = kms.list_aliases()["Aliases"]
managed_keys = [kms.describe_key(KeyId=a["TargetKeyId"])["KeyMetadata"]["Arn"] for a in aliases if a["AliasName"].startswith("alias/aws/") and a.get("TargetKeyId")]
print(json.dumps({"cases": cases, "_awsManagedKeys": managed_keys}, default=str))
