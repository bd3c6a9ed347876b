# One pass over every service through boto3, with an error in each wire shape: run against the published
# (ahead-of-time compiled) binary, where trimming or missing metadata would break a code path the JIT build never shows.
import json, sys, urllib.request, boto3, botocore

def client(name, **kw):
    return boto3.client(name, **kw)

def expect_error(call, code):
    try:
        call()
    except botocore.exceptions.ClientError as e:
        assert e.response["Error"]["Code"] == code, e.response["Error"]
        return e.response["Error"].get("Message", "")
    raise AssertionError(f"expected {code}")

trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ecs-tasks.amazonaws.com"}, "Action": "sts:AssumeRole"}]})
iam, sts = client("iam"), client("sts")
assert sts.get_caller_identity()["Account"] == "000000000000"
role = iam.create_role(RoleName="aot-role", AssumeRolePolicyDocument=trust)["Role"]
iam.attach_role_policy(RoleName="aot-role", PolicyArn="arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")
sim = iam.simulate_principal_policy(PolicySourceArn=role["Arn"], ActionNames=["ecr:GetAuthorizationToken", "s3:GetObject"])
assert [r["EvalDecision"] for r in sim["EvaluationResults"]] == ["allowed", "implicitDeny"], sim
expect_error(lambda: iam.get_role(RoleName="missing"), "NoSuchEntity")                       # Query/XML error
user = iam.create_user(UserName="aot-user")["User"]
key = iam.create_access_key(UserName="aot-user")["AccessKey"]
denied = client("iam", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
assert "is not authorized to perform: iam:GetRole" in expect_error(lambda: denied.get_role(RoleName="aot-role"), "AccessDenied")

kms = client("kms")
key_id = kms.create_key()["KeyMetadata"]["KeyId"]
blob = kms.encrypt(KeyId=key_id, Plaintext=b"hello", EncryptionContext={"k": "v"})["CiphertextBlob"]
assert kms.decrypt(CiphertextBlob=blob, EncryptionContext={"k": "v"})["Plaintext"] == b"hello"
expect_error(lambda: kms.decrypt(CiphertextBlob=blob), "InvalidCiphertextException")          # JSON 1.1 error

sm = client("secretsmanager")
sm.create_secret(Name="aot/secret", SecretString='{"password":"p"}', KmsKeyId=key_id)
assert json.loads(sm.get_secret_value(SecretId="aot/secret")["SecretString"]) == {"password": "p"}
sm.create_secret(Name="aot/binary", SecretBinary=b"\x00\x01")
assert sm.get_secret_value(SecretId="aot/binary")["SecretBinary"] == b"\x00\x01"
expect_error(lambda: sm.get_secret_value(SecretId="aot/missing"), "ResourceNotFoundException")

ssm = client("ssm")
ssm.put_parameter(Name="/aot/p", Value="v", Type="SecureString")
got = ssm.get_parameters(Names=["/aot/p", "/aot/missing"], WithDecryption=True)
assert got["Parameters"][0]["Value"] == "v" and got["InvalidParameters"] == ["/aot/missing"], got

s3 = client("s3")
s3.create_bucket(Bucket="aot-bucket")
s3.put_object(Bucket="aot-bucket", Key="env/app.env", Body=b"A=1\n")
assert s3.get_object(Bucket="aot-bucket", Key="env/app.env", Range="bytes=0-2")["Body"].read() == b"A=1"
url = s3.generate_presigned_url("get_object", Params={"Bucket": "aot-bucket", "Key": "env/app.env"}, ExpiresIn=60)
assert urllib.request.urlopen(url).read() == b"A=1\n"
expect_error(lambda: s3.get_object(Bucket="aot-bucket", Key="missing"), "NoSuchKey")          # REST-XML error

ecr = client("ecr")
ecr.create_repository(repositoryName="aot/app")
manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
    "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": 2, "digest": "sha256:" + "a" * 64},
    "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": 3, "digest": "sha256:" + "b" * 64}]})
ecr.put_image(repositoryName="aot/app", imageManifest=manifest, imageTag="1")
assert ecr.batch_get_image(repositoryName="aot/app", imageIds=[{"imageTag": "1"}])["images"][0]["imageId"]["imageTag"] == "1"
assert ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]

logs = client("logs")
logs.create_log_group(logGroupName="/aot")
logs.create_log_stream(logGroupName="/aot", logStreamName="s")
now = int(__import__("time").time() * 1000)
logs.put_log_events(logGroupName="/aot", logStreamName="s", logEvents=[{"timestamp": now, "message": "hello"}])
assert [e["message"] for e in logs.get_log_events(logGroupName="/aot", logStreamName="s")["events"]] == ["hello"]

events = client("events")
events.put_rule(Name="aot-rule", EventPattern=json.dumps({"source": ["aws.ecs"]}))
assert events.describe_rule(Name="aot-rule")["Name"] == "aot-rule"

ec2 = client("ec2")
vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
ec2.create_vpc_endpoint(VpcId=vpc, ServiceName="com.amazonaws.us-east-1.s3", VpcEndpointType="Gateway")
expect_error(lambda: ec2.describe_vpcs(VpcIds=["vpc-0000000000000000f"]), "InvalidVpcID.NotFound")   # EC2 error

ecs = client("ecs")
ecs.create_cluster(clusterName="aot")
td = ecs.register_task_definition(family="aot", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512",
    executionRoleArn=role["Arn"], containerDefinitions=[{"name": "app", "image": "000000000000.dkr.ecr.us-east-1.amazonaws.com/aot/app:1"}])
assert td["taskDefinition"]["revision"] == 1
print("ok", subnet)
