#!/usr/bin/env bash
# The seed document's AWS CLI steps for the task execution role (create the role with the ecs-tasks trust policy, attach
# AmazonECSTaskExecutionRolePolicy, add the inline policies for Secrets Manager / Systems Manager / KMS), then the
# resources a task uses and the launch itself — all with the real AWS CLI against the endpoint in AWS_ENDPOINT_URL.
# Prints TASK=, STATUS=, LOG= lines for the test to check.
set -euo pipefail
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
ACCOUNT=$(aws sts get-caller-identity --query Account --output text)
REGION=${AWS_DEFAULT_REGION:-us-east-1}

# 1. ecs-tasks-trust-policy.json (the seed's text).
cat > ecs-tasks-trust-policy.json <<'JSON'
{ "Version": "2012-10-17", "Statement": [ { "Sid": "", "Effect": "Allow", "Principal": { "Service": "ecs-tasks.amazonaws.com" }, "Action": "sts:AssumeRole" } ] }
JSON
# 2. The role.
aws iam create-role --role-name ecsTaskExecutionRole --assume-role-policy-document file://ecs-tasks-trust-policy.json > /dev/null
# 3. The AWS managed policy.
aws iam attach-role-policy --role-name ecsTaskExecutionRole --policy-arn arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy

# The resources: a customer managed key, a secret under it, a parameter, an image, a log group.
KEY=$(aws kms create-key --description walkthrough --query KeyMetadata.Arn --output text)
SECRET=$(aws secretsmanager create-secret --name walkthrough/db --secret-string '{"password":"s3cret"}' --kms-key-id "$KEY" --query ARN --output text)
aws ssm put-parameter --name walkthrough-mode --value production --type String > /dev/null
aws ecr create-repository --repository-name walkthrough > /dev/null
cat > manifest.json <<'JSON'
{"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
 "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 7, "digest": "sha256:7777777777777777777777777777777777777777777777777777777777777777"},
 "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 9, "digest": "sha256:8888888888888888888888888888888888888888888888888888888888888888"}]}
JSON
aws ecr put-image --repository-name walkthrough --image-tag 1 --image-manifest file://manifest.json > /dev/null
aws logs create-log-group --log-group-name /ecs/walkthrough

# The seed's inline policies, with this account's secret, parameter and key.
cat > secrets-policy.json <<JSON
{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ "kms:Decrypt", "secretsmanager:GetSecretValue" ], "Resource": [ "$SECRET", "$KEY" ] } ] }
JSON
aws iam put-role-policy --role-name ecsTaskExecutionRole --policy-name secrets --policy-document file://secrets-policy.json
cat > ssm-policy.json <<JSON
{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": [ "ssm:GetParameters", "secretsmanager:GetSecretValue", "kms:Decrypt" ], "Resource": [ "arn:aws:ssm:$REGION:$ACCOUNT:parameter/walkthrough-mode", "$SECRET", "$KEY" ] } ] }
JSON
aws iam put-role-policy --role-name ecsTaskExecutionRole --policy-name ssm --policy-document file://ssm-policy.json

# The task definition and the launch.
cat > taskdef.json <<JSON
{ "family": "walkthrough", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
  "executionRoleArn": "arn:aws:iam::$ACCOUNT:role/ecsTaskExecutionRole",
  "containerDefinitions": [ { "name": "web", "image": "$ACCOUNT.dkr.ecr.$REGION.amazonaws.com/walkthrough:1", "essential": true,
    "secrets": [ { "name": "DB_PASSWORD", "valueFrom": "$SECRET:password::" }, { "name": "MODE", "valueFrom": "walkthrough-mode" } ],
    "logConfiguration": { "logDriver": "awslogs", "options": { "awslogs-group": "/ecs/walkthrough", "awslogs-region": "$REGION", "awslogs-stream-prefix": "walk" } } } ] }
JSON
aws ecs register-task-definition --cli-input-json file://taskdef.json > /dev/null
aws ecs create-cluster --cluster-name walkthrough > /dev/null
VPC=$(aws ec2 create-vpc --cidr-block 10.9.0.0/16 --query Vpc.VpcId --output text)
SUBNET=$(aws ec2 create-subnet --vpc-id "$VPC" --cidr-block 10.9.1.0/24 --query Subnet.SubnetId --output text)
TASK=$(aws ecs run-task --cluster walkthrough --task-definition walkthrough --launch-type FARGATE \
  --network-configuration "awsvpcConfiguration={subnets=[$SUBNET],assignPublicIp=ENABLED}" --query 'tasks[0].taskArn' --output text)
aws ecs wait tasks-running --cluster walkthrough --tasks "$TASK"
echo "TASK=$TASK"
echo "STATUS=$(aws ecs describe-tasks --cluster walkthrough --tasks "$TASK" --query 'tasks[0].lastStatus' --output text)"
echo "LOG=$(aws logs get-log-events --log-group-name /ecs/walkthrough --log-stream-name "walk/web/${TASK##*/}" --query 'events[0].message' --output text)"
