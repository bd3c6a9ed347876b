using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ec2;

/// <summary>Every EC2 networking operation through boto3 and the CLI: happy paths and each named error with AWS's code and text.</summary>
public sealed class Ec2OperationTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Prelude = """
        import boto3, json
        from botocore.exceptions import ClientError
        ec2 = boto3.client("ec2")

        def error(call, **kw):
            try:
                call(**kw)
            except ClientError as e:
                return e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"]
            raise AssertionError("expected an error")

        """;

    private string Run(string body) => stevedore.Python(Prelude + body).Succeeded().Stdout.Trim();

    [Fact]
    public void Vpcs_are_created_described_modified_and_deleted()
    {
        var output = Run("""
            vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16", TagSpecifications=[{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "one"}]}])["Vpc"]
            assert vpc["VpcId"].startswith("vpc-") and len(vpc["VpcId"]) == 21, vpc["VpcId"]
            assert vpc["State"] == "available" and vpc["CidrBlock"] == "10.1.0.0/16" and vpc["IsDefault"] is False
            assert vpc["Tags"] == [{"Key": "Name", "Value": "one"}]
            vid = vpc["VpcId"]
            groups = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vid]}])["SecurityGroups"]
            assert [g["GroupName"] for g in groups] == ["default"], groups
            assert ec2.describe_vpcs(VpcIds=[vid])["Vpcs"][0]["VpcId"] == vid
            assert [v["VpcId"] for v in ec2.describe_vpcs(Filters=[{"Name": "tag:Name", "Values": ["on*"]}])["Vpcs"]] == [vid]
            assert [v["VpcId"] for v in ec2.describe_vpcs(Filters=[{"Name": "cidr", "Values": ["10.1.0.0/16"]}, {"Name": "state", "Values": ["available"]}])["Vpcs"]] == [vid]
            assert ec2.describe_vpcs(Filters=[{"Name": "vpc-id", "Values": ["vpc-00000000000000000"]}])["Vpcs"] == []
            assert ec2.describe_vpc_attribute(VpcId=vid, Attribute="enableDnsSupport")["EnableDnsSupport"]["Value"] is True
            assert ec2.describe_vpc_attribute(VpcId=vid, Attribute="enableDnsHostnames")["EnableDnsHostnames"]["Value"] is False
            ec2.modify_vpc_attribute(VpcId=vid, EnableDnsHostnames={"Value": True})
            assert ec2.describe_vpc_attribute(VpcId=vid, Attribute="enableDnsHostnames")["EnableDnsHostnames"]["Value"] is True
            print(error(ec2.create_vpc, CidrBlock="10.0.0.0/8"))
            print(error(ec2.create_vpc, CidrBlock="10.0.0.0/29"))
            print(error(ec2.create_vpc, CidrBlock="10.0.0.300/16"))
            print(error(ec2.describe_vpcs, VpcIds=["vpc-0123456789abcdef0"]))
            print(error(ec2.describe_vpcs, Filters=[{"Name": "bogus", "Values": ["x"]}]))
            print(error(ec2.modify_vpc_attribute, VpcId="vpc-0123456789abcdef0", EnableDnsSupport={"Value": True}))
            print(error(ec2.create_vpc, CidrBlock="10.2.0.0/16", DryRun=True))
            ec2.delete_vpc(VpcId=vid)
            print(error(ec2.delete_vpc, VpcId=vid).replace(vid, "VID"))
            """);

        Assert.Equal(
            """
            InvalidVpc.Range: The CIDR '10.0.0.0/8' is invalid.
            InvalidVpc.Range: The CIDR '10.0.0.0/29' is invalid.
            InvalidParameterValue: Value (10.0.0.300/16) for parameter cidrBlock is invalid. This is not a valid CIDR block.
            InvalidVpcID.NotFound: The vpc ID 'vpc-0123456789abcdef0' does not exist
            InvalidParameterValue: The filter 'bogus' is invalid
            InvalidVpcID.NotFound: The vpc ID 'vpc-0123456789abcdef0' does not exist
            DryRunOperation: Request would have succeeded, but DryRun flag is set.
            InvalidVpcID.NotFound: The vpc ID 'VID' does not exist
            """, output);
    }

    [Fact]
    public void Subnets_live_inside_their_vpc_and_keep_it_alive()
    {
        var output = Run("""
            vid = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
            subnet = ec2.create_subnet(VpcId=vid, CidrBlock="10.20.1.0/24", AvailabilityZone="us-east-1b")["Subnet"]
            assert subnet["SubnetId"].startswith("subnet-") and subnet["AvailabilityZone"] == "us-east-1b" and subnet["AvailableIpAddressCount"] == 251
            assert subnet["SubnetArn"] == "arn:aws:ec2:us-east-1:000000000000:subnet/" + subnet["SubnetId"]
            sid = subnet["SubnetId"]
            assert [s["SubnetId"] for s in ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vid]}])["Subnets"]] == [sid]
            assert ec2.describe_subnets(SubnetIds=[sid])["Subnets"][0]["CidrBlock"] == "10.20.1.0/24"
            print(error(ec2.create_subnet, VpcId=vid, CidrBlock="10.20.1.128/25"))
            print(error(ec2.create_subnet, VpcId=vid, CidrBlock="10.21.0.0/24"))
            print(error(ec2.create_subnet, VpcId=vid, CidrBlock="10.20.2.0/29"))
            print(error(ec2.create_subnet, VpcId=vid, CidrBlock="10.20.2.0/24", AvailabilityZone="us-west-2a"))
            print(error(ec2.create_subnet, VpcId="vpc-0123456789abcdef0", CidrBlock="10.20.2.0/24"))
            print(error(ec2.delete_vpc, VpcId=vid).replace(vid, "VPC"))
            print(error(ec2.describe_subnets, SubnetIds=["subnet-0123456789abcdef0"]))
            ec2.delete_subnet(SubnetId=sid)
            print(error(ec2.delete_subnet, SubnetId=sid).replace(sid, "SUBNET"))
            ec2.delete_vpc(VpcId=vid)
            """);

        Assert.Equal(
            """
            InvalidSubnet.Conflict: The CIDR '10.20.1.128/25' conflicts with another subnet
            InvalidSubnet.Range: The CIDR '10.21.0.0/24' is invalid.
            InvalidSubnet.Range: The CIDR '10.20.2.0/29' is invalid.
            InvalidParameterValue: Value (us-west-2a) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1e, us-east-1f.
            InvalidVpcID.NotFound: The vpc ID 'vpc-0123456789abcdef0' does not exist
            DependencyViolation: The vpc 'VPC' has dependencies and cannot be deleted.
            InvalidSubnetID.NotFound: The subnet ID 'subnet-0123456789abcdef0' does not exist
            InvalidSubnetID.NotFound: The subnet ID 'SUBNET' does not exist
            """, output);
    }

    [Fact]
    public void Security_groups_are_created_described_and_deleted()
    {
        var output = Run("""
            vid = ec2.create_vpc(CidrBlock="10.30.0.0/16")["Vpc"]["VpcId"]
            created = ec2.create_security_group(GroupName="web", Description="web tier", VpcId=vid,
                TagSpecifications=[{"ResourceType": "security-group", "Tags": [{"Key": "team", "Value": "a"}]}])
            gid = created["GroupId"]
            assert gid.startswith("sg-") and created["Tags"] == [{"Key": "team", "Value": "a"}]
            group = ec2.describe_security_groups(GroupIds=[gid])["SecurityGroups"][0]
            assert group["GroupName"] == "web" and group["Description"] == "web tier" and group["VpcId"] == vid
            assert group["IpPermissionsEgress"][0]["IpRanges"] == [{"CidrIp": "0.0.0.0/0"}]
            default = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vid]}, {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
            print(error(ec2.create_security_group, GroupName="web", Description="again", VpcId=vid).replace(vid, "VPC"))
            print(error(ec2.create_security_group, GroupName="nowhere", Description="d"))
            print(error(ec2.delete_security_group, GroupId=default["GroupId"]).replace(default["GroupId"], "DEFAULT"))
            print(error(ec2.describe_security_groups, GroupIds=["sg-0123456789abcdef0"]))
            print(error(ec2.delete_vpc, VpcId=vid).replace(vid, "VPC"))
            assert ec2.delete_security_group(GroupId=gid)["Return"] is True
            print(error(ec2.delete_security_group, GroupId=gid).replace(gid, "GROUP"))
            ec2.delete_vpc(VpcId=vid)
            """);

        Assert.Equal(
            """
            InvalidGroup.Duplicate: The security group 'web' already exists for VPC 'VPC'
            VPCIdNotSpecified: No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC.
            CannotDelete: the specified group: "DEFAULT" name: "default" cannot be deleted by a user
            InvalidGroup.NotFound: The security group 'sg-0123456789abcdef0' does not exist
            DependencyViolation: The vpc 'VPC' has dependencies and cannot be deleted.
            InvalidGroup.NotFound: The security group 'GROUP' does not exist
            """, output);
    }

    [Fact]
    public void Vpc_endpoints_follow_the_rules_of_their_type()
    {
        var output = Run("""
            vpc = ec2.create_vpc(CidrBlock="10.40.0.0/16")["Vpc"]
            vid = vpc["VpcId"]
            s1 = ec2.create_subnet(VpcId=vid, CidrBlock="10.40.1.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
            s2 = ec2.create_subnet(VpcId=vid, CidrBlock="10.40.2.0/24", AvailabilityZone="us-east-1a")["Subnet"]["SubnetId"]
            s3 = ec2.create_subnet(VpcId=vid, CidrBlock="10.40.3.0/24", AvailabilityZone="us-east-1b")["Subnet"]["SubnetId"]
            def clean(text): return text.replace(vid, "VPC").replace(s1, "S1").replace(s2, "S2").replace(s3, "S3")
            # Private DNS (the default for Interface) needs DNS hostnames, which a new VPC lacks.
            print(clean(error(ec2.create_vpc_endpoint, VpcId=vid, VpcEndpointType="Interface", ServiceName="com.amazonaws.us-east-1.ecr.api")))
            without = ec2.create_vpc_endpoint(VpcId=vid, VpcEndpointType="Interface", ServiceName="com.amazonaws.us-east-1.logs", PrivateDnsEnabled=False)["VpcEndpoint"]
            assert without["PrivateDnsEnabled"] is False
            ec2.modify_vpc_attribute(VpcId=vid, EnableDnsHostnames={"Value": True})
            ep = ec2.create_vpc_endpoint(VpcId=vid, VpcEndpointType="Interface", ServiceName="com.amazonaws.us-east-1.ecr.api", SubnetIds=[s1, s3],
                PolicyDocument=json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "ecr:*", "Resource": "*"}]}))["VpcEndpoint"]
            eid = ep["VpcEndpointId"]
            assert eid.startswith("vpce-") and ep["State"] == "available" and ep["PrivateDnsEnabled"] is True and ep["SubnetIds"] == [s1, s3]
            assert [g["GroupName"] for g in ep["Groups"]] == ["default"]
            print(clean(error(ec2.create_vpc_endpoint, VpcId=vid, VpcEndpointType="Interface", ServiceName="com.amazonaws.us-east-1.ecr.api")))
            print(error(ec2.create_vpc_endpoint, VpcId=vid, VpcEndpointType="Interface", ServiceName="com.amazonaws.us-east-1.nope"))
            print(error(ec2.create_vpc_endpoint, VpcId=vid, VpcEndpointType="Gateway", ServiceName="com.amazonaws.us-east-1.sts"))
            print(error(ec2.create_vpc_endpoint, VpcId=vid, ServiceName="com.amazonaws.us-east-1.kms"))
            bad = error(ec2.create_vpc_endpoint, VpcId=vid, VpcEndpointType="Interface", ServiceName="com.amazonaws.us-east-1.kms", PolicyDocument="{not json")
            assert bad.startswith("InvalidPolicyDocument: The Policy Document is not valid."), bad
            print(clean(error(ec2.create_vpc_endpoint, VpcId=vid, VpcEndpointType="Interface", ServiceName="com.amazonaws.us-east-1.kms", SubnetIds=[s1, s2])))
            gw = ec2.create_vpc_endpoint(VpcId=vid, ServiceName="com.amazonaws.us-east-1.s3")["VpcEndpoint"]
            assert gw["VpcEndpointType"] == "Gateway" and gw["PrivateDnsEnabled"] is False and "Version" in gw["PolicyDocument"]
            found = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vid]}, {"Name": "vpc-endpoint-type", "Values": ["Interface"]}])["VpcEndpoints"]
            assert sorted(e["VpcEndpointId"] for e in found) == sorted([eid, without["VpcEndpointId"]])
            assert [e["VpcEndpointId"] for e in ec2.describe_vpc_endpoints(Filters=[{"Name": "service-name", "Values": ["com.amazonaws.us-east-1.s3"]}])["VpcEndpoints"]] == [gw["VpcEndpointId"]]
            assert ec2.modify_vpc_endpoint(VpcEndpointId=eid, ResetPolicy=True, RemoveSubnetIds=[s1], AddSubnetIds=[s2])["Return"] is True
            changed = ec2.describe_vpc_endpoints(VpcEndpointIds=[eid])["VpcEndpoints"][0]
            assert changed["SubnetIds"] == [s3, s2] and "2008-10-17" in changed["PolicyDocument"], changed
            print(error(ec2.modify_vpc_endpoint, VpcEndpointId="vpce-0123456789abcdef0", ResetPolicy=True))
            print(error(ec2.describe_vpc_endpoints, VpcEndpointIds=["vpce-0123456789abcdef0"]))
            print(clean(error(ec2.delete_subnet, SubnetId=s3)))
            result = ec2.delete_vpc_endpoints(VpcEndpointIds=[eid, without["VpcEndpointId"], gw["VpcEndpointId"], "vpce-0123456789abcdef0"])
            print(json.dumps(result["Unsuccessful"]))
            assert ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [vid]}])["VpcEndpoints"] == []
            """);

        Assert.Equal(
            """
            InvalidParameter: Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for VPC
            InvalidParameter: private-dns-enabled cannot be set because there is already a conflicting DNS domain for ecr.api.us-east-1.amazonaws.com in the VPC VPC
            InvalidServiceName: The Vpc Endpoint Service 'com.amazonaws.us-east-1.nope' does not exist
            InvalidParameter: The Vpc Endpoint Service 'com.amazonaws.us-east-1.sts' does not support endpoint type 'Gateway'.
            InvalidParameter: The Vpc Endpoint Service 'com.amazonaws.us-east-1.kms' does not support endpoint type 'Gateway'.
            DuplicateSubnetsInSameZone: Found another VPC endpoint subnet in the availability zone of S2. VPC endpoint subnets should be in different availability zones supported by the VPC endpoint service.
            InvalidVpcEndpointId.NotFound: The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist
            InvalidVpcEndpointId.NotFound: The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist
            DependencyViolation: The subnet 'S3' has dependencies and cannot be deleted.
            [{"Error": {"Code": "InvalidVpcEndpointId.NotFound", "Message": "The Vpc Endpoint Id 'vpce-0123456789abcdef0' does not exist"}, "ResourceId": "vpce-0123456789abcdef0"}]
            """, output);
    }

    [Fact]
    public void Tags_are_created_described_and_deleted()
    {
        var output = Run("""
            vid = ec2.create_vpc(CidrBlock="10.50.0.0/16")["Vpc"]["VpcId"]
            sid = ec2.create_subnet(VpcId=vid, CidrBlock="10.50.1.0/24")["Subnet"]["SubnetId"]
            ec2.create_tags(Resources=[vid, sid], Tags=[{"Key": "env", "Value": "dev"}, {"Key": "team", "Value": "a"}])
            tags = ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [vid, sid]}])["Tags"]
            assert sorted((t["ResourceId"], t["ResourceType"], t["Key"], t["Value"]) for t in tags) == sorted([
                (vid, "vpc", "env", "dev"), (vid, "vpc", "team", "a"), (sid, "subnet", "env", "dev"), (sid, "subnet", "team", "a")]), tags
            ec2.create_tags(Resources=[vid], Tags=[{"Key": "env", "Value": "prod"}])
            assert [t["Value"] for t in ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [vid]}, {"Name": "key", "Values": ["env"]}])["Tags"]] == ["prod"]
            ec2.delete_tags(Resources=[vid], Tags=[{"Key": "env", "Value": "other"}])
            ec2.delete_tags(Resources=[vid], Tags=[{"Key": "team"}])
            assert [t["Key"] for t in ec2.describe_tags(Filters=[{"Name": "resource-id", "Values": [vid]}])["Tags"]] == ["env"]
            ec2.delete_tags(Resources=[sid])
            assert ec2.describe_tags(Filters=[{"Name": "resource-type", "Values": ["subnet"]}, {"Name": "resource-id", "Values": [sid]}])["Tags"] == []
            print(error(ec2.create_tags, Resources=["vpc-0123456789abcdef0"], Tags=[{"Key": "k", "Value": "v"}]))
            print(error(ec2.create_tags, Resources=["bogus-1"], Tags=[{"Key": "k", "Value": "v"}]))
            print(error(ec2.create_tags, Resources=[vid], Tags=[{"Key": "aws:k", "Value": "v"}]))
            """);

        Assert.Equal(
            """
            InvalidVpcID.NotFound: The vpc ID 'vpc-0123456789abcdef0' does not exist
            InvalidID: The ID 'bogus-1' is not valid
            InvalidParameterValue: Tag keys starting with 'aws:' are reserved for internal use
            """, output);
    }

    [Fact]
    public void An_id_of_the_wrong_shape_is_malformed_before_it_is_looked_up()
    {
        var output = Run("""
            vid = ec2.create_vpc(CidrBlock="10.70.0.0/16")["Vpc"]["VpcId"]
            print(error(ec2.describe_vpcs, VpcIds=["not-an-id"]))
            print(error(ec2.describe_vpcs, VpcIds=["vpc-0123456789abcdef0", "vpc-nope"]))
            print(error(ec2.delete_vpc, VpcId="vpc-nope"))
            print(error(ec2.modify_vpc_attribute, VpcId="vpc-123", EnableDnsSupport={"Value": True}))
            print(error(ec2.describe_subnets, SubnetIds=["subnet-xyz"]))
            print(error(ec2.create_subnet, VpcId="vpc", CidrBlock="10.70.1.0/24"))
            print(error(ec2.describe_security_groups, GroupIds=["sg-1"]))
            print(error(ec2.describe_vpc_endpoints, VpcEndpointIds=["vpce-12345678", "endpoint"]))
            print(error(ec2.delete_vpc_endpoints, VpcEndpointIds=["vpce-0123456789abcdef0", "vpce-?"]))
            print(ec2.delete_vpc_endpoints(VpcEndpointIds=["vpce-0123456789abcdef0"])["Unsuccessful"][0]["Error"]["Code"])
            print(len(ec2.describe_vpcs(VpcIds=[vid])["Vpcs"]))
            """);

        Assert.Equal(
            """
            InvalidVpcID.Malformed: Invalid id: "not-an-id" (expecting "vpc-...")
            InvalidVpcID.Malformed: Invalid id: "vpc-nope" (expecting "vpc-...")
            InvalidVpcID.Malformed: Invalid id: "vpc-nope" (expecting "vpc-...")
            InvalidVpcID.Malformed: Invalid id: "vpc-123" (expecting "vpc-...")
            InvalidSubnetID.Malformed: Invalid id: "subnet-xyz" (expecting "subnet-...")
            InvalidVpcID.Malformed: Invalid id: "vpc" (expecting "vpc-...")
            InvalidGroupId.Malformed: Invalid id: "sg-1" (expecting "sg-...")
            InvalidVpcEndpointId.Malformed: Invalid id: "endpoint" (expecting "vpce-...")
            InvalidVpcEndpointId.Malformed: Invalid id: "vpce-?" (expecting "vpce-...")
            InvalidVpcEndpointId.NotFound
            1
            """, output);
    }

    [Fact]
    public void The_cli_creates_and_describes_a_vpc()
    {
        var vpc = stevedore.Aws("ec2", "create-vpc", "--cidr-block", "10.60.0.0/16").Succeeded().Json["Vpc"]!;
        var id = vpc["VpcId"]!.GetValue<string>();

        var described = stevedore.Aws("ec2", "describe-vpcs", "--vpc-ids", id).Succeeded().Json["Vpcs"]![0]!;
        Assert.Equal("10.60.0.0/16", described["CidrBlock"]!.GetValue<string>());

        var missing = stevedore.Aws("ec2", "delete-vpc", "--vpc-id", "vpc-0123456789abcdef0").FailedWith("InvalidVpcID.NotFound");
        Assert.Contains("The vpc ID 'vpc-0123456789abcdef0' does not exist", missing.Stderr, StringComparison.Ordinal);
        stevedore.Aws("ec2", "delete-vpc", "--vpc-id", id).Succeeded();
    }
}
