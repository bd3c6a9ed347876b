# The EventBridge enforcement matrix: every implemented operation as a principal with no permissions and as one
# allowed events:* (see Enforcement/enforcement_common.py for the principals, the run and the output).
import json
from enforcement_common import Matrix, root

matrix = Matrix("events", "events:*")
PATTERN = json.dumps({"source": ["aws.ecs"]})
ARN = root("events").put_rule(Name="enforce-events", EventPattern=PATTERN)["RuleArn"]

matrix.run({
    "PutRule": {"Name": "enforce-events-{who}", "EventPattern": PATTERN},
    "DescribeRule": {"Name": "enforce-events"},
    "ListRules": {},
    "DeleteRule": {"Name": "enforce-events-ghost"},
    "EnableRule": {"Name": "enforce-events"},
    "DisableRule": {"Name": "enforce-events"},
    "PutTargets": {"Rule": "enforce-events", "Targets": [{"Id": "t", "Arn": "arn:aws:logs:us-east-1:000000000000:log-group:g"}]},
    "RemoveTargets": {"Rule": "enforce-events", "Ids": ["t"]},
    "ListTargetsByRule": {"Rule": "enforce-events"},
    "TagResource": {"ResourceARN": ARN, "Tags": [{"Key": "k", "Value": "v"}]},
    "UntagResource": {"ResourceARN": ARN, "TagKeys": ["k"]},
    "ListTagsForResource": {"ResourceARN": ARN},
})
