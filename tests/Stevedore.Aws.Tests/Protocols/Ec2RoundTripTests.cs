using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Aws.Tests.Protocols;

/// <summary>botocore is the oracle for EC2's Query variant: what it serializes we decode, what we encode it parses back.</summary>
public sealed class Ec2RoundTripTests
{
    private static readonly ServiceModel Ec2 = ServiceModel.Load("ec2");

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static readonly (string Operation, string Params)[] Requests =
    [
        ("CreateVpc", """{"CidrBlock": "10.0.0.0/16", "TagSpecifications": [{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "a b"}, {"Key": "env", "Value": ""}]}], "InstanceTenancy": "default"}"""),
        ("DescribeVpcs", """{"VpcIds": ["vpc-1", "vpc-2"], "Filters": [{"Name": "tag:Name", "Values": ["a*", "b"]}, {"Name": "state", "Values": ["available"]}], "MaxResults": 5}"""),
        ("ModifyVpcAttribute", """{"VpcId": "vpc-1", "EnableDnsHostnames": {"Value": true}}"""),
        ("DescribeVpcAttribute", """{"VpcId": "vpc-1", "Attribute": "enableDnsSupport"}"""),
        ("CreateSubnet", """{"VpcId": "vpc-1", "CidrBlock": "10.0.1.0/24", "AvailabilityZone": "us-east-1a"}"""),
        ("CreateVpcEndpoint", """
            {"VpcId": "vpc-1", "VpcEndpointType": "Interface", "ServiceName": "com.amazonaws.us-east-1.sts",
             "PolicyDocument": "{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
             "SubnetIds": ["subnet-1", "subnet-2"], "SecurityGroupIds": ["sg-1"], "PrivateDnsEnabled": false, "ClientToken": "tok"}
            """),
        ("ModifyVpcEndpoint", """{"VpcEndpointId": "vpce-1", "ResetPolicy": true, "AddSubnetIds": ["subnet-3"], "RemoveSubnetIds": ["subnet-1"], "PrivateDnsEnabled": true}"""),
        ("DeleteVpcEndpoints", """{"VpcEndpointIds": ["vpce-1", "vpce-2"]}"""),
        ("CreateSecurityGroup", """{"GroupName": "web", "Description": "Web & more", "VpcId": "vpc-1"}"""),
        ("CreateTags", """{"Resources": ["vpc-1", "sg-1"], "Tags": [{"Key": "k", "Value": "v"}]}"""),
        ("DeleteTags", """{"Resources": ["vpc-1"], "Tags": [{"Key": "k"}]}"""),
        ("DescribeTags", """{"Filters": [{"Name": "resource-id", "Values": ["vpc-1"]}]}"""),
    ];

    [Fact]
    public void Decoder_reads_what_botocore_serializes()
    {
        var batch = new JsonArray();
        foreach (var (op, json) in Requests)
        {
            batch.Add(BotocoreOracle.Serialize("ec2", op, Obj(json)));
        }

        var results = BotocoreOracle.Run(batch);
        for (var i = 0; i < Requests.Length; i++)
        {
            var (op, json) = Requests[i];
            var body = results[i]!["body"]!.GetValue<string>();
            var decoded = Ec2Protocol.Instance.Decode(Ec2, new WireRequest("POST", "/", "", [], "ec2.amazonaws.com", Encoding.UTF8.GetBytes(body)));
            Assert.Equal(op, decoded.Name);
            Assert.True(JsonNode.DeepEquals(Obj(json), decoded.Input), $"{op}: {body}\nexpected {json}\nactual {decoded.Input.ToJsonString()}");
        }
    }

    private static readonly (string Operation, string Output)[] Responses =
    [
        ("CreateVpc", """
            {"Vpc": {"VpcId": "vpc-0a1b2c3d4e5f60718", "OwnerId": "000000000000", "CidrBlock": "10.0.0.0/16", "State": "available", "IsDefault": false,
             "CidrBlockAssociationSet": [{"AssociationId": "vpc-cidr-assoc-1", "CidrBlock": "10.0.0.0/16", "CidrBlockState": {"State": "associated"}}],
             "Tags": [{"Key": "Name", "Value": "<main> & co"}]}}
            """),
        ("DescribeVpcs", """{"Vpcs": [{"VpcId": "vpc-1"}, {"VpcId": "vpc-2"}], "NextToken": "vpc-3"}"""),
        ("DescribeVpcAttribute", """{"VpcId": "vpc-1", "EnableDnsHostnames": {"Value": false}}"""),
        ("CreateSubnet", """{"Subnet": {"SubnetId": "subnet-1", "AvailableIpAddressCount": 251, "DefaultForAz": false, "Ipv6CidrBlockAssociationSet": []}}"""),
        ("DescribeVpcEndpoints", """
            {"VpcEndpoints": [{"VpcEndpointId": "vpce-1", "VpcEndpointType": "Interface", "PolicyDocument": "{\"Statement\":[]}",
              "SubnetIds": ["subnet-1", "subnet-2"], "Groups": [{"GroupId": "sg-1", "GroupName": "default"}], "PrivateDnsEnabled": true,
              "DnsEntries": [{"DnsName": "vpce-1.sts.us-east-1.vpce.amazonaws.com", "HostedZoneId": "Z7HUB22UULQXV"}],
              "CreationTimestamp": "2024-01-02T03:04:05.123Z"}]}
            """),
        ("ModifyVpcEndpoint", """{"Return": true}"""),
        ("DeleteVpcEndpoints", """{"Unsuccessful": [{"Error": {"Code": "InvalidVpcEndpointId.NotFound", "Message": "m"}, "ResourceId": "vpce-2"}]}"""),
        ("CreateSecurityGroup", """{"GroupId": "sg-1", "SecurityGroupArn": "arn:aws:ec2:us-east-1:000000000000:security-group/sg-1"}"""),
        ("DescribeSecurityGroups", """
            {"SecurityGroups": [{"GroupId": "sg-1", "GroupName": "default", "Description": "d",
              "IpPermissions": [{"IpProtocol": "-1", "UserIdGroupPairs": [{"GroupId": "sg-1", "UserId": "000000000000"}]}],
              "IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]}]}
            """),
        ("DeleteSecurityGroup", """{"Return": true, "GroupId": "sg-1"}"""),
        ("DescribeTags", """{"Tags": [{"Key": "k", "ResourceId": "vpc-1", "ResourceType": "vpc", "Value": "v"}]}"""),
    ];

    [Fact]
    public void Botocore_parses_what_the_encoder_writes()
    {
        var batch = new JsonArray();
        foreach (var (op, json) in Responses)
        {
            batch.Add(BotocoreOracle.Parse("ec2", op, Ec2ResponseEncoder.Encode(Ec2, Ec2.Operations[op], Obj(json), "req-1")));
        }

        batch.Add(BotocoreOracle.Parse("ec2", "DeleteVpc", Ec2ResponseEncoder.Encode(Ec2, Ec2.Operations["DeleteVpc"], null, "req-2")));
        var error = Ec2Protocol.Instance.EncodeError(Ec2, new AwsServiceException("InvalidVpcID.NotFound", "The vpc ID 'vpc-x' does not exist"), "req-3");
        batch.Add(BotocoreOracle.Parse("ec2", "DescribeVpcs", error.Body.ToArray(), error.Status));

        var results = BotocoreOracle.Run(batch);
        for (var i = 0; i < Responses.Length; i++)
        {
            var parsed = results[i]!["parsed"]!.AsObject();
            Assert.Equal("req-1", parsed["ResponseMetadata"]!["RequestId"]!.GetValue<string>());
            parsed.Remove("ResponseMetadata");
            Assert.True(JsonNode.DeepEquals(Obj(Responses[i].Output), parsed), $"{Responses[i].Operation}: {parsed.ToJsonString()}");
        }

        Assert.Equal("req-2", results[Responses.Length]!["parsed"]!["ResponseMetadata"]!["RequestId"]!.GetValue<string>());
        var parsedError = results[Responses.Length + 1]!["parsed"]!;
        Assert.Equal("InvalidVpcID.NotFound", parsedError["Error"]!["Code"]!.GetValue<string>());
        Assert.Equal("The vpc ID 'vpc-x' does not exist", parsedError["Error"]!["Message"]!.GetValue<string>());
        Assert.Equal("req-3", parsedError["ResponseMetadata"]!["RequestId"]!.GetValue<string>());
    }

    [Fact]
    public void A_missing_required_parameter_is_MissingParameter()
    {
        var request = new WireRequest("POST", "/", "", [], "ec2.amazonaws.com", Encoding.UTF8.GetBytes("Action=DeleteVpc&Version=2016-11-15"));

        var error = Assert.Throws<AwsServiceException>(() => Ec2Protocol.Instance.Decode(Ec2, request));

        Assert.Equal("MissingParameter", error.Code);
        Assert.Equal("The request must contain the parameter VpcId", error.Message);
    }
}
