# The advisor's inputs for each launch scenario, read back from the same world through the API (boto3): the task
# definition (DescribeTaskDefinition), the execution role (trust, inline, attached policies, boundary; null when the role
# does not exist), the task VPC's endpoints with whether private DNS reaches them, the customer managed KMS key of each
# Secrets Manager secret the task reads (secrets and repositoryCredentials), the container instance (agent version,
# attributes, ec2InstanceId and the instance role's policies, read as the execution role's; EC2/EXTERNAL) and the repository policy of each ECR repository in another account (null when none; read
# with that account's keys). argv[1]: the JSON the launch scripts printed. Prints {scenario: inputs}, and under
# "_awsManagedKeys" the ARNs of the AWS managed keys (alias/aws/*), which the advisor does not evaluate.
import boto3, json, sys
from botocore.config import Config
cfg = Config(retries={"max_attempts": 1})
iam, ecs, ec2, sm, kms = (boto3.client(n, config=cfg) for n in ["iam", "ecs", "ec2", "secretsmanager", "kms"])
OTHER_KEYS = {"111111111111": ("test2", "test2")}
scenarios = json.load(open(sys.argv[1]))

def role(arn):
    name = arn.split("/")[-1]
    try:
        r = iam.get_role(RoleName=name)["Role"]
    except iam.exceptions.NoSuchEntityException:
        return None
    inline = {p: iam.get_role_policy(RoleName=name, PolicyName=p)["PolicyDocument"] for p in iam.list_role_policies(RoleName=name)["PolicyNames"]}
    def managed(policy_arn):
        version = iam.get_policy(PolicyArn=policy_arn)["Policy"]["DefaultVersionId"]
        return iam.get_policy_version(PolicyArn=policy_arn, VersionId=version)["PolicyVersion"]["Document"]
    attached = {p["PolicyArn"]: managed(p["PolicyArn"]) for p in iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]}
    boundary = r.get("PermissionsBoundary", {}).get("PermissionsBoundaryArn")
    return {"trust": r["AssumeRolePolicyDocument"], "inline": inline, "attached": attached, "boundary": managed(boundary) if boundary else None}

def endpoints(vpc):
    attr = lambda name: ec2.describe_vpc_attribute(VpcId=vpc, Attribute=name)
    dns = attr("enableDnsSupport")["EnableDnsSupport"]["Value"] and attr("enableDnsHostnames")["EnableDnsHostnames"]["Value"]
    found = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["VpcEndpoints"]
    return [{"service": e["ServiceName"].split(".", 3)[3], "id": e["VpcEndpointId"], "type": e["VpcEndpointType"],
             "privateDns": bool(e.get("PrivateDnsEnabled")) and dns} for e in found]

def kms_keys(definition):
    keys = {}
    for container in definition["containerDefinitions"]:
        refs = [s["valueFrom"] for s in container.get("secrets", [])]
        refs += [container["repositoryCredentials"]["credentialsParameter"]] if "repositoryCredentials" in container else []
        for ref in refs:
            if ref.startswith("arn:aws:secretsmanager:"):
                arn = ":".join(ref.split(":")[:7])
                try:
                    key = sm.describe_secret(SecretId=arn).get("KmsKeyId")
                except sm.exceptions.ResourceNotFoundException:
                    continue
                if key and kms.describe_key(KeyId=key)["KeyMetadata"]["KeyManager"] == "CUSTOMER":
                    keys[arn] = kms.describe_key(KeyId=key)["KeyMetadata"]["Arn"]
    return keys

def instance(s):
    if not s.get("containerInstanceArn"):
        return None
    i = ecs.describe_container_instances(cluster=s["cluster"], containerInstances=[s["containerInstanceArn"]])["containerInstances"][0]
    attributes = {a["name"]: a.get("value") for a in i["attributes"]}
    instance_role = attributes.get("stevedore.instance-role")
    return {"agentVersion": i.get("versionInfo", {}).get("agentVersion"), "attributes": attributes, "ec2InstanceId": i.get("ec2InstanceId"),
            "instanceRole": role(instance_role) if instance_role else None}

def repository_policies(definition):
    policies = {}
    for container in definition["containerDefinitions"]:
        host, _, rest = container["image"].partition("/")
        account, region = host.split(".")[0], host.split(".")[-3]
        if ".dkr.ecr." not in host or account not in OTHER_KEYS:
            continue
        key, secret = OTHER_KEYS[account]
        other = boto3.client("ecr", config=cfg, region_name=region, aws_access_key_id=key, aws_secret_access_key=secret)
        repository = rest.split("@")[0].split(":")[0]
        try:
            policy = json.loads(other.get_repository_policy(repositoryName=repository)["policyText"])
        except other.exceptions.RepositoryPolicyNotFoundException:
            policy = None
        policies[f"arn:aws:ecr:{region}:{account}:repository/{repository}"] = policy
    return policies

out = {}
for name, s in scenarios.items():
    if name.startswith("_"):
        continue
    definition = ecs.describe_task_definition(taskDefinition=s["taskDefinitionArn"])
    out[name] = {"taskDefinition": definition["taskDefinition"], "role": role(s["executionRoleArn"]),
                 "endpoints": endpoints(s["vpcId"]) if s.get("vpcId") else [], "kmsKeys": kms_keys(definition["taskDefinition"]),
                 "instance": instance(s), "repositoryPolicies": repository_policies(definition["taskDefinition"])}
aliases = kms.list_aliases()["Aliases"]
out["_awsManagedKeys"] = [kms.describe_key(KeyId=a["TargetKeyId"])["KeyMetadata"]["Arn"] for a in aliases
                          if a["AliasName"].startswith("alias/aws/") and a.get("TargetKeyId")]
print(json.dumps(out, default=str))
