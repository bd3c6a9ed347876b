# The EC2 enforcement matrix: every implemented operation as a principal with no permissions and as one allowed ec2:*
# (see Enforcement/enforcement_common.py for the principals, the run and the output).
from enforcement_common import Matrix, root

matrix = Matrix("ec2", "ec2:*")
vpc = root("ec2").create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
ghost_vpc, ghost_subnet, ghost_sg, ghost_vpce = "vpc-0000000000000000a", "subnet-0000000000000000a", "sg-0000000000000000a", "vpce-0000000000000000a"

matrix.run({
    "CreateVpc": {"CidrBlock": "10.78.0.0/16"},
    "DescribeVpcs": {},
    "ModifyVpcAttribute": {"VpcId": vpc, "EnableDnsHostnames": {"Value": True}},
    "DescribeVpcAttribute": {"VpcId": vpc, "Attribute": "enableDnsSupport"},
    "DeleteVpc": {"VpcId": ghost_vpc},
    "CreateSubnet": {"VpcId": vpc, "CidrBlock": "10.77.6.0/24"},
    "DescribeSubnets": {},
    "DeleteSubnet": {"SubnetId": ghost_subnet},
    "CreateVpcEndpoint": {"VpcId": vpc, "ServiceName": "com.amazonaws.us-east-1.s3"},
    "DescribeVpcEndpoints": {},
    "ModifyVpcEndpoint": {"VpcEndpointId": ghost_vpce, "ResetPolicy": True},
    "DeleteVpcEndpoints": {"VpcEndpointIds": [ghost_vpce]},
    "CreateSecurityGroup": {"GroupName": "enforced-{who}", "Description": "d", "VpcId": vpc},
    "DescribeSecurityGroups": {},
    "DeleteSecurityGroup": {"GroupId": ghost_sg},
    "CreateTags": {"Resources": [vpc], "Tags": [{"Key": "k", "Value": "v"}]},
    "DeleteTags": {"Resources": [vpc], "Tags": [{"Key": "k"}]},
    "DescribeTags": {},
})
