# The Secrets Manager enforcement matrix: every implemented operation as a principal with no permissions and as one
# allowed secretsmanager:* (see Enforcement/enforcement_common.py for the principals, the run and the output).
import json
from enforcement_common import ACCOUNT, Matrix, first_error, root

matrix = Matrix("secretsmanager", "secretsmanager:*")
SECRET_POLICY = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]})
secret = root("secretsmanager").create_secret(Name="enforce-secret", SecretString="v")["ARN"]

matrix.run({
    "CreateSecret": {"Name": "enforce-new-{who}", "SecretString": "v"},
    "DescribeSecret": {"SecretId": secret},
    "ListSecrets": {},
    "GetSecretValue": {"SecretId": secret},
    # BatchGetSecretValue answers 200 and reports each secret it may not read.
    "BatchGetSecretValue": lambda c, who: first_error(c.batch_get_secret_value(SecretIdList=[secret])),
    "PutSecretValue": {"SecretId": secret, "SecretString": "v2"},
    "UpdateSecret": {"SecretId": secret, "Description": "d"},
    "DeleteSecret": {"SecretId": "enforce-ghost"},
    "RestoreSecret": {"SecretId": secret},
    "ListSecretVersionIds": {"SecretId": secret},
    "PutResourcePolicy": {"SecretId": secret, "ResourcePolicy": SECRET_POLICY},
    "GetResourcePolicy": {"SecretId": secret},
    "DeleteResourcePolicy": {"SecretId": secret},
    "TagResource": {"SecretId": secret, "Tags": [{"Key": "k", "Value": "v"}]},
    "UntagResource": {"SecretId": secret, "TagKeys": ["k"]},
})
