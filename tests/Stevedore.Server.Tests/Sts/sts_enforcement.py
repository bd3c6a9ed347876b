# The STS enforcement matrix: every implemented STS operation that needs a permission (GetCallerIdentity and
# GetSessionToken need none) as a principal with no permissions and as one allowed sts:*.
from enforcement_common import ACCOUNT, TRUST, Matrix, root

matrix = Matrix("sts", "sts:*")
root("iam").create_role(RoleName="enforce-target", AssumeRolePolicyDocument=TRUST)

matrix.run({
    "AssumeRole": {"RoleArn": f"arn:aws:iam::{ACCOUNT}:role/enforce-target", "RoleSessionName": "enforced"},
})
