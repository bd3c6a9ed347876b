# The SSM enforcement matrix: every implemented operation as a principal with no permissions and as one allowed ssm:*
# (see Enforcement/enforcement_common.py for the principals, the run and the output).
from enforcement_common import Matrix, root

matrix = Matrix("ssm", "ssm:*")
root("ssm").put_parameter(Name="/enforce/target", Value="v", Type="String")

matrix.run({
    "PutParameter": {"Name": "/enforce/new-{who}", "Value": "v", "Type": "String"},
    "GetParameter": {"Name": "/enforce/target"},
    "GetParameters": {"Names": ["/enforce/target", "/enforce/ghost"]},
    "GetParametersByPath": {"Path": "/enforce"},
    "DescribeParameters": {},
    "GetParameterHistory": {"Name": "/enforce/target"},
    "DeleteParameter": {"Name": "/enforce/ghost"},
    "DeleteParameters": {"Names": ["/enforce/ghost"]},
    "AddTagsToResource": {"ResourceType": "Parameter", "ResourceId": "/enforce/target", "Tags": [{"Key": "k", "Value": "v"}]},
    "RemoveTagsFromResource": {"ResourceType": "Parameter", "ResourceId": "/enforce/target", "TagKeys": ["k"]},
    "ListTagsForResource": {"ResourceType": "Parameter", "ResourceId": "/enforce/target"},
})
