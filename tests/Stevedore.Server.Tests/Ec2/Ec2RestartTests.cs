using Stevedore.Server.Hosting;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ec2;

/// <summary>VPCs, subnets, security groups, endpoints, attributes and tags survive a restart on the same data directory.</summary>
public sealed class Ec2RestartTests
{
    [Fact]
    public async Task Networking_survives_a_restart()
    {
        var dataDir = Directory.CreateTempSubdirectory("stevedore-ec2-restart-").FullName;
        var options = new ServerOptions(Port: 0, DataDirectory: dataDir);

        string vpcId, subnetId, groupId, endpointId;
        await using (var first = await CloudComposition.StartAsync(options, TextWriter.Null))
        {
            var url = Url(first);
            vpcId = Field(StevedoreFixture.AwsAt(url, Credentials.Root, "ec2", "create-vpc", "--cidr-block", "10.0.0.0/16",
                "--tag-specifications", "ResourceType=vpc,Tags=[{Key=Name,Value=kept}]").Succeeded().Json["Vpc"]!["VpcId"]);
            StevedoreFixture.AwsAt(url, Credentials.Root, "ec2", "modify-vpc-attribute", "--vpc-id", vpcId, "--enable-dns-hostnames").Succeeded();
            subnetId = Field(StevedoreFixture.AwsAt(url, Credentials.Root, "ec2", "create-subnet", "--vpc-id", vpcId, "--cidr-block", "10.0.1.0/24")
                .Succeeded().Json["Subnet"]!["SubnetId"]);
            groupId = Field(StevedoreFixture.AwsAt(url, Credentials.Root, "ec2", "create-security-group", "--group-name", "kept", "--description", "d",
                "--vpc-id", vpcId).Succeeded().Json["GroupId"]);
            endpointId = Field(StevedoreFixture.AwsAt(url, Credentials.Root, "ec2", "create-vpc-endpoint", "--vpc-id", vpcId, "--vpc-endpoint-type",
                "Interface", "--service-name", "com.amazonaws.us-east-1.logs", "--subnet-ids", subnetId, "--security-group-ids", groupId)
                .Succeeded().Json["VpcEndpoint"]!["VpcEndpointId"]);
        }

        await using var second = await CloudComposition.StartAsync(options, TextWriter.Null);
        var after = Url(second);
        var vpc = StevedoreFixture.AwsAt(after, Credentials.Root, "ec2", "describe-vpcs", "--vpc-ids", vpcId).Succeeded().Json["Vpcs"]![0]!;
        Assert.Equal("kept", Field(vpc["Tags"]![0]!["Value"]));
        var hostnames = StevedoreFixture.AwsAt(after, Credentials.Root, "ec2", "describe-vpc-attribute", "--vpc-id", vpcId, "--attribute", "enableDnsHostnames")
            .Succeeded().Json;
        Assert.True(hostnames["EnableDnsHostnames"]!["Value"]!.GetValue<bool>());
        StevedoreFixture.AwsAt(after, Credentials.Root, "ec2", "describe-subnets", "--subnet-ids", subnetId).Succeeded();
        StevedoreFixture.AwsAt(after, Credentials.Root, "ec2", "describe-security-groups", "--group-ids", groupId).Succeeded();
        var endpoint = StevedoreFixture.AwsAt(after, Credentials.Root, "ec2", "describe-vpc-endpoints", "--vpc-endpoint-ids", endpointId)
            .Succeeded().Json["VpcEndpoints"]![0]!;
        Assert.Equal(subnetId, Field(endpoint["SubnetIds"]![0]));
        Assert.True(endpoint["PrivateDnsEnabled"]!.GetValue<bool>());
    }

    private static string Field(System.Text.Json.Nodes.JsonNode? node) => node!.GetValue<string>();

    private static string Url(CloudComposition cloud) => cloud.Server.Endpoint.ToString().TrimEnd('/');
}
