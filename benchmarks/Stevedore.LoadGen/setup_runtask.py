#!/usr/bin/env python3
"""Issue 5 benchmark world: a Fargate task with one private ECR image, two secrets (SSM SecureString and Secrets
Manager), one environment file from S3 and awslogs, and an execution role that allows exactly what it needs.
Usage: AWS_ENDPOINT_URL=http://127.0.0.1:PORT setup_runtask.py  → prints the RunTask request body (JSON) to repeat."""
import json, os, boto3
os.environ.setdefault("AWS_ACCESS_KEY_ID", "test"); os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "test")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
c = boto3.client
iam, ecr, ssm, sm, s3, logs, ec2, ecs = (c(n) for n in ["iam", "ecr", "ssm", "secretsmanager", "s3", "logs", "ec2", "ecs"])
A, R = "000000000000", "us-east-1"
trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"},
         "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": A}}}]}
role = iam.create_role(RoleName="bench-exec", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
iam.attach_role_policy(RoleName="bench-exec", PolicyArn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
iam.put_role_policy(RoleName="bench-exec", PolicyName="secrets", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "ssm:GetParameters", "Resource": f"arn:aws:ssm:{R}:{A}:parameter/bench/*"},
    {"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": f"arn:aws:secretsmanager:{R}:{A}:secret:bench/*"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bench-env/*"},
    {"Effect": "Allow", "Action": "s3:GetBucketLocation", "Resource": "arn:aws:s3:::bench-env"}]}))
ecr.create_repository(repositoryName="bench/app")
manifest = {"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7, "digest": "sha256:" + "1" * 64},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 9, "digest": "sha256:" + "2" * 64}]}
ecr.put_image(repositoryName="bench/app", imageManifest=json.dumps(manifest), imageTag="1")
ssm.put_parameter(Name="/bench/db", Value="postgres://db", Type="SecureString")
secret = sm.create_secret(Name="bench/creds", SecretString=json.dumps({"password": "p"}))["ARN"]
s3.create_bucket(Bucket="bench-env")
s3.put_object(Bucket="bench-env", Key="app.env", Body=b"MODE=prod\n")
logs.create_log_group(logGroupName="/ecs/bench")
vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/17")["Subnet"]["SubnetId"]
ecs.create_cluster(clusterName="bench")
ecs.register_task_definition(family="bench", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
    executionRoleArn=role, containerDefinitions=[{
        "name": "app", "image": f"{A}.dkr.ecr.{R}.amazonaws.com/bench/app:1", "essential": True,
        "secrets": [{"name": "DB", "valueFrom": "/bench/db"}, {"name": "PASSWORD", "valueFrom": secret + ":password::"}],
        "environmentFiles": [{"type": "s3", "value": "arn:aws:s3:::bench-env/app.env"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/bench", "awslogs-region": R, "awslogs-stream-prefix": "app"}}}])
arn = ecs.run_task(cluster="bench", taskDefinition="bench", launchType="FARGATE",
    networkConfiguration={"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}})["tasks"][0]["taskArn"]
task = ecs.describe_tasks(cluster="bench", tasks=[arn])["tasks"][0]
assert task["lastStatus"] == "RUNNING", task.get("stoppedReason")
print(json.dumps({"cluster": "bench", "taskDefinition": "bench", "launchType": "FARGATE",
    "networkConfiguration": {"awsvpcConfiguration": {"subnets": [subnet], "assignPublicIp": "ENABLED"}}}))
