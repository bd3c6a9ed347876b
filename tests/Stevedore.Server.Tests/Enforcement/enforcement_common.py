# What every service's enforcement matrix (tests/Stevedore.Server.Tests/<Service>/<service>_enforcement.py) shares:
# the principal without permissions and the principal allowed the service, their clients, running one case,
# reading its answer, and the output {"Operation": ["code-as-nobody", "code-as-allowed"]} (a code is "OK", the AWS
# error code, or "ClientSide: …" when the call never reached the server — a bug in the case, never "allowed").
#
# EveryServiceEnforcementTests runs a matrix with this directory on sys.path, the endpoint in AWS_ENDPOINT_URL, the
# account root's keys, and the principal kind as the first argument: "user" (an IAM user's access key, the default) or
# "role" (temporary credentials from sts:AssumeRole of a role with that policy). By hand:
#   cd tests/Stevedore.Server.Tests && PYTHONPATH=Enforcement AWS_ENDPOINT_URL=… python3 Ecr/ecr_enforcement.py role
import json
import sys
import uuid

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

ACCOUNT = "000000000000"
KIND = sys.argv[1] if len(sys.argv) > 1 else "user"
CONFIG = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}]})

_root_iam = boto3.client("iam", config=CONFIG)


def root(service):
    """A client with the account root's keys, for setting up what the cases act on."""
    return boto3.client(service, config=CONFIG)


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def allow(*actions):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]}


def _user_credentials(name, policy):
    _root_iam.create_user(UserName=name)
    if policy:
        _root_iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key = _root_iam.create_access_key(UserName=name)["AccessKey"]
    return {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}


def _role_session_credentials(name, policy):
    _root_iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    if policy:
        _root_iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    assumed = root("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/{name}", RoleSessionName="matrix")["Credentials"]
    return {"aws_access_key_id": assumed["AccessKeyId"], "aws_secret_access_key": assumed["SecretAccessKey"],
            "aws_session_token": assumed["SessionToken"]}


def principal(name, policy=None):
    """Credentials of a principal of this run's kind (an IAM user, or a session of an assumed role) with that inline policy."""
    return {"user": _user_credentials, "role": _role_session_credentials}[KIND](name, policy)


def snake(operation):
    return "".join("_" + c.lower() if c.isupper() else c for c in operation).lstrip("_")


def fill(value, who):
    """The parameters with "{who}" replaced by the principal's name ("nobody" or "allowed"), for names each must own."""
    if isinstance(value, str):
        return value.replace("{who}", who)
    if isinstance(value, dict):
        return {k: fill(v, who) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, who) for v in value]
    return value


def first_error(result, key="Errors", code="ErrorCode"):
    """The code of the first per-item error of a batch that answers 200 (S3 DeleteObjects, BatchGetSecretValue), else "OK"."""
    errors = result.get(key) or []
    return errors[0][code] if errors else "OK"


class Matrix:
    """Two principals of this run's kind — "nobody" (no policy) and "allowed" (the given actions on *) — and their clients."""

    def __init__(self, service, *allowed_actions):
        self.service = service
        prefix = f"enforce-{service}-{KIND}"
        self._credentials = {"nobody": principal(f"{prefix}-nobody"), "allowed": principal(f"{prefix}-allowed", allow(*allowed_actions))}
        self._clients = {}

    def client(self, who, service=None):
        service = service or self.service
        if (who, service) not in self._clients:
            self._clients[(who, service)] = boto3.client(service, config=CONFIG, **self._credentials[who])
        return self._clients[(who, service)]

    def outcome(self, operation, case, who):
        """Runs a case as one principal. A case is the operation's parameters (a dict, "{who}" filled in) or a function
        (client, who) that makes the call and returns the response or, for a batch that reports per item, a code."""
        client = self.client(who)
        try:
            result = case(client, who) if callable(case) else getattr(client, snake(operation))(**fill(case, who))
            return result if isinstance(result, str) else "OK"
        except ClientError as error:
            code = error.response["Error"].get("Code")
            # A HEAD answer has no body: the client sees only the status, and 403 is S3's AccessDenied.
            return "AccessDenied" if code == "403" else code
        except Exception as error:  # a client-side failure is a bug in the case: report it, never count it as allowed
            return f"ClientSide: {type(error).__name__}: {error}"

    def run(self, cases):
        """Runs every case, in order, as nobody then as allowed, and prints the matrix."""
        print(json.dumps({op: [self.outcome(op, case, "nobody"), self.outcome(op, case, "allowed")] for op, case in cases.items()}))
