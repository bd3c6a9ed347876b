# The CloudWatch Logs enforcement matrix: every implemented operation as a principal with no permissions and as one
# allowed logs:* (see Enforcement/enforcement_common.py for the principals, the run and the output).
import time
from enforcement_common import Matrix, root

matrix = Matrix("logs", "logs:*")
logs = root("logs")
ARN = "arn:aws:logs:us-east-1:000000000000:log-group:enforce-logs"
logs.create_log_group(logGroupName="enforce-logs")
logs.create_log_stream(logGroupName="enforce-logs", logStreamName="s")
now = int(time.time() * 1000)

matrix.run({
    "CreateLogGroup": {"logGroupName": "enforce-logs-{who}"},
    "DescribeLogGroups": {},
    "DeleteLogGroup": {"logGroupName": "enforce-logs-ghost"},
    "PutRetentionPolicy": {"logGroupName": "enforce-logs", "retentionInDays": 7},
    "DeleteRetentionPolicy": {"logGroupName": "enforce-logs"},
    "CreateLogStream": {"logGroupName": "enforce-logs", "logStreamName": "stream-{who}"},
    "DescribeLogStreams": {"logGroupName": "enforce-logs"},
    "DeleteLogStream": {"logGroupName": "enforce-logs", "logStreamName": "ghost"},
    "PutLogEvents": {"logGroupName": "enforce-logs", "logStreamName": "s", "logEvents": [{"timestamp": now, "message": "m"}]},
    "GetLogEvents": {"logGroupName": "enforce-logs", "logStreamName": "s"},
    "FilterLogEvents": {"logGroupName": "enforce-logs"},
    "TagResource": {"resourceArn": ARN, "tags": {"k": "v"}},
    "UntagResource": {"resourceArn": ARN, "tagKeys": ["k"]},
    "ListTagsForResource": {"resourceArn": ARN},
    "TagLogGroup": {"logGroupName": "enforce-logs", "tags": {"k": "v"}},
    "UntagLogGroup": {"logGroupName": "enforce-logs", "tags": ["k"]},
    "ListTagsLogGroup": {"logGroupName": "enforce-logs"},
})
