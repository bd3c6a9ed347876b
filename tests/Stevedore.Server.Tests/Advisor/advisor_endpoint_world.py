# The world `stevedore check --role/--from-endpoint` reads: an execution role with a trust policy, an inline policy, a
# customer managed and an AWS-managed policy attached, and a permissions boundary; a secret and a SecureString under a
# customer managed key; three task definitions (one deregistered) and one naming a role that does not exist; a container
# instance role (trusting EC2) granting logs:PutLogEvents but not logs:CreateLogStream.
# Prints {"role", "key", "secret", "instanceRole", "active": [arns], "inactive": arn} as JSON.
import boto3, json
from botocore.config import Config
cfg = Config(retries={"max_attempts": 1})
iam, ecs, sm, ssm, kms = (boto3.client(n, config=cfg) for n in ["iam", "ecs", "secretsmanager", "ssm", "kms"])
A, R = "000000000000", "us-east-1"

trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
    "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": A}}}]}
role = iam.create_role(RoleName="adv-exec", Path="/ecs/", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
iam.put_role_policy(RoleName="adv-exec", PolicyName="params", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": f"arn:aws:ssm:{R}:{A}:parameter/adv/*"},
    {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}))
logs = iam.create_policy(PolicyName="adv-logs", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": f"arn:aws:logs:{R}:{A}:log-group:/nothing/*"}]}))["Policy"]["Arn"]
# A second version becomes the default: the advisor must read the default version.
iam.create_policy_version(PolicyArn=logs, SetAsDefault=True, PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": f"arn:aws:logs:{R}:{A}:log-group:/adv/web:*"}]}))
iam.attach_role_policy(RoleName="adv-exec", PolicyArn=logs)
iam.attach_role_policy(RoleName="adv-exec", PolicyArn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
boundary = iam.create_policy(PolicyName="adv-boundary", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "NotAction": "secretsmanager:*", "Resource": "*"}]}))["Policy"]["Arn"]
iam.put_role_permissions_boundary(RoleName="adv-exec", PermissionsBoundary=boundary)

ec2_trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
instance_role = iam.create_role(RoleName="adv-instance", Path="/hosts/", AssumeRolePolicyDocument=json.dumps(ec2_trust))["Role"]["Arn"]
iam.put_role_policy(RoleName="adv-instance", PolicyName="logs", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}]}))
iam.attach_role_policy(RoleName="adv-instance", PolicyArn="arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly")

key = kms.create_key()["KeyMetadata"]["Arn"]
secret = sm.create_secret(Name="adv/db", SecretString=json.dumps({"password": "p"}), KmsKeyId=key)["ARN"]
ssm.put_parameter(Name="/adv/token", Value="t", Type="SecureString", KeyId=key)
ssm.put_parameter(Name="/adv/plain", Value="p", Type="SecureString")

def register(family, role_arn, secrets):
    container = {"name": "app", "image": f"{A}.dkr.ecr.{R}.amazonaws.com/adv:1", "essential": True, "secrets": secrets,
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/adv/web", "awslogs-region": R, "awslogs-stream-prefix": "web"}}}
    return ecs.register_task_definition(family=family, networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="256", memory="512",
        executionRoleArn=role_arn, containerDefinitions=[container])["taskDefinition"]["taskDefinitionArn"]

web = register("adv-web", role, [{"name": "PW", "valueFrom": secret + ":password::"},
    {"name": "TOKEN", "valueFrom": f"arn:aws:ssm:{R}:{A}:parameter/adv/token"}, {"name": "PLAIN", "valueFrom": "/adv/plain"}])
old = register("adv-old", role, [])
ecs.deregister_task_definition(taskDefinition=old)
ghost = register("adv-ghost", f"arn:aws:iam::{A}:role/adv-ghost", [])
print(json.dumps({"role": role, "key": key, "secret": secret, "logsPolicy": logs, "boundary": boundary, "instanceRole": instance_role, "active": [web, ghost], "inactive": old}))
