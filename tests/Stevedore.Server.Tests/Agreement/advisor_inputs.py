# The advisor's inputs for each launch scenario, read back from the same world through the API (boto3): the task
# definition (DescribeTaskDefinition), the execution role (trust, inline, attached policies, boundary; null when the role
# does not exist), the task VPC's endpoints with whether private DNS reaches them, and the customer managed KMS key of
# each Secrets Manager secret the task reads. argv[1]: the JSON launch_scenarios.py printed. Prints {scenario: inputs}, and
# under "_awsManagedKeys" the ARNs of the AWS managed keys (alias/aws/*), which the advisor does not evaluate.
import boto3, json, sys
from botocore.config import Config
cfg = Config(retries={"max_attempts": 1})
iam, ecs, ec2, sm, kms = (boto3.client(n, config=cfg) for n in ["iam", "ecs", "ec2", "secretsmanager", "kms"])
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
        for secret in container.get("secrets", []):
            if secret["valueFrom"].startswith("arn:aws:secretsmanager:"):
                arn = ":".join(secret["valueFrom"].split(":")[:7])
                try:
                    key = sm.describe_secret(SecretId=arn).get("KmsKeyId")
                except sm.exceptions.ResourceNotFoundException:
                    continue
                if key and kms.describe_key(KeyId=key)["KeyMetadata"]["KeyManager"] == "CUSTOMER":
                    keys[arn] = kms.describe_key(KeyId=key)["KeyMetadata"]["Arn"]
    return keys

out = {}
for name, s in scenarios.items():
    if name.startswith("_"):
        continue
    definition = ecs.describe_task_definition(taskDefinition=s["taskDefinitionArn"])
    out[name] = {"taskDefinition": definition["taskDefinition"], "role": role(s["executionRoleArn"]), "endpoints": endpoints(s["vpcId"]),
                 "kmsKeys": kms_keys(definition["taskDefinition"])}
aliases = kms.list_aliases()["Aliases"]
out["_awsManagedKeys"] = [kms.describe_key(KeyId=a["TargetKeyId"])["KeyMetadata"]["Arn"] for a in aliases
                          if a["AliasName"].startswith("alias/aws/") and a.get("TargetKeyId")]
print(json.dumps(out, default=str))
