using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ec2;

/// <summary>
/// Requests from inside a VPC (header <c>X-Stevedore-Source-Vpc</c>) reach STS through the VPC's interface endpoint: they carry
/// <c>aws:SourceVpc</c>/<c>aws:SourceVpce</c> and the endpoint policy is a further gate. Requests without the header carry neither.
/// </summary>
public sealed class VpcOriginTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Prelude = """
        import boto3, json
        from botocore.exceptions import ClientError
        ec2, iam = boto3.client("ec2"), boto3.client("iam")

        def sts_from(vpc):
            client = boto3.client("sts")
            if vpc:
                def add_header(request, **kwargs):
                    request.headers["X-Stevedore-Source-Vpc"] = vpc
                client.meta.events.register("before-send.sts.*", add_header)
            return client

        def assume(client, role):
            try:
                client.assume_role(RoleArn="arn:aws:iam::000000000000:role/" + role, RoleSessionName="s1")
                return "OK"
            except ClientError as e:
                return e.response["Error"]["Code"]

        def vpc_with_dns(cidr):
            vid = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
            ec2.modify_vpc_attribute(VpcId=vid, EnableDnsHostnames={"Value": True})
            return vid

        TRUST = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "sts:AssumeRole"}]})

        """;

    [Fact]
    public void An_endpoint_policy_denies_through_the_endpoint_only()
    {
        var output = stevedore.Python(Prelude + """
            iam.create_role(RoleName="origin-blocked", AssumeRolePolicyDocument=TRUST)
            iam.create_role(RoleName="origin-open", AssumeRolePolicyDocument=TRUST)
            vid = vpc_with_dns("10.100.0.0/16")
            policy = {"Statement": [
                {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"},
                {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "arn:aws:iam::000000000000:role/origin-blocked"}]}
            eid = ec2.create_vpc_endpoint(VpcId=vid, VpcEndpointType="Interface", ServiceName="com.amazonaws.us-east-1.sts",
                PolicyDocument=json.dumps(policy))["VpcEndpoint"]["VpcEndpointId"]
            print(assume(sts_from(vid), "origin-blocked"), assume(sts_from(None), "origin-blocked"), assume(sts_from(vid), "origin-open"))
            # Without private DNS the service's public name does not reach the endpoint: the policy no longer applies.
            ec2.modify_vpc_endpoint(VpcEndpointId=eid, PrivateDnsEnabled=False)
            print(assume(sts_from(vid), "origin-blocked"))
            ec2.modify_vpc_endpoint(VpcEndpointId=eid, PrivateDnsEnabled=True)
            ec2.modify_vpc_endpoint(VpcEndpointId=eid, ResetPolicy=True)
            print(assume(sts_from(vid), "origin-blocked"))
            """).Succeeded().Stdout;

        Assert.Equal("AccessDenied OK OK\nOK\nOK\n", output);
    }

    [Fact]
    public void A_trust_policy_on_aws_SourceVpce_allows_only_through_the_endpoint()
    {
        var output = stevedore.Python(Prelude + """
            vid = vpc_with_dns("10.101.0.0/16")
            other = vpc_with_dns("10.102.0.0/16")
            eid = ec2.create_vpc_endpoint(VpcId=vid, VpcEndpointType="Interface", ServiceName="com.amazonaws.us-east-1.sts")["VpcEndpoint"]["VpcEndpointId"]
            trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"},
                "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceVpce": eid}}}]}
            iam.create_role(RoleName="origin-vpce", AssumeRolePolicyDocument=json.dumps(trust))
            # Through the endpoint; from outside; from a VPC without an STS endpoint (the request leaves the VPC).
            print(assume(sts_from(vid), "origin-vpce"), assume(sts_from(None), "origin-vpce"), assume(sts_from(other), "origin-vpce"))
            ec2.delete_vpc_endpoints(VpcEndpointIds=[eid])
            print(assume(sts_from(vid), "origin-vpce"))
            """).Succeeded().Stdout;

        Assert.Equal("OK AccessDenied AccessDenied\nAccessDenied\n", output);
    }

    [Fact]
    public void A_vpc_without_dns_hostnames_gets_no_private_dns_endpoint()
    {
        var output = stevedore.Python(Prelude + """
            vid = ec2.create_vpc(CidrBlock="10.103.0.0/16")["Vpc"]["VpcId"]
            try:
                ec2.create_vpc_endpoint(VpcId=vid, VpcEndpointType="Interface", ServiceName="com.amazonaws.us-east-1.sts")
            except ClientError as e:
                print(e.response["Error"]["Code"], e.response["Error"]["Message"].replace(vid, "VPC"))
            """).Succeeded().Stdout;

        Assert.Equal("InvalidParameter Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for VPC\n", output);
    }
}
