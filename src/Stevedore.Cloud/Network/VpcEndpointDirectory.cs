using Stevedore.Cloud.Ec2;
using Stevedore.Storage;

namespace Stevedore.Cloud.Network;

/// <summary>
/// Finds the VPC endpoint a request from inside a VPC passes through on its way to a service: an
/// interface endpoint with private DNS for the service, or a gateway endpoint (S3, DynamoDB).
/// </summary>
// https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns
// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
public static class VpcEndpointDirectory
{
    /// <summary>
    /// The origin of a request from <paramref name="vpcId"/> (in <paramref name="accountId"/>, <paramref name="region"/>)
    /// to the endpoint service <paramref name="endpointService"/> (the last part of
    /// <c>com.amazonaws.REGION.SERVICE</c>: <c>ecr.api</c>, <c>ecr.dkr</c>, <c>s3</c>, <c>logs</c> …), or null when
    /// the VPC has no endpoint for it (the request leaves the VPC and carries no VPC keys).
    /// </summary>
    /// <remarks>
    /// A gateway endpoint is in the VPC's route tables, so it carries the service's traffic whatever DNS says (and wins over an
    /// interface endpoint for the same service). An interface endpoint catches the service's public name only through its
    /// private DNS, which works only while the VPC keeps both <c>enableDnsSupport</c> and <c>enableDnsHostnames</c>.
    /// </remarks>
    public static NetworkOrigin? Resolve(IStateStore store, string accountId, string region, string vpcId, string endpointService)
    {
        var serviceName = Ec2EndpointServices.Name(region, endpointService);
        var endpoints = Ec2Store.All(store, accountId, region, Ec2Store.Endpoints)
            .Where(e => e["VpcId"]?.GetValue<string>() == vpcId && e["ServiceName"]?.GetValue<string>() == serviceName
                && e["State"]?.GetValue<string>() == "available")
            .ToList();
        if (endpoints.Count == 0)
        {
            return null;
        }

        var chosen = endpoints.FirstOrDefault(e => e["VpcEndpointType"]?.GetValue<string>() == "Gateway");
        if (chosen is null && Ec2Store.Find(store, accountId, region, Ec2Store.Vpcs, vpcId) is { } vpc
            && vpc[Ec2Service.DnsSupport]?.GetValue<bool>() == true && vpc[Ec2Service.DnsHostnames]?.GetValue<bool>() == true)
        {
            chosen = endpoints.FirstOrDefault(e => e["VpcEndpointType"]?.GetValue<string>() == "Interface" && e["PrivateDnsEnabled"]?.GetValue<bool>() == true);
        }

        if (chosen is null)
        {
            return null;
        }

        var policy = chosen[Ec2Service.DefaultPolicyMember]?.GetValue<bool>() == true ? null : chosen["PolicyDocument"]?.GetValue<string>();
        return new NetworkOrigin(vpcId, chosen["VpcEndpointId"]!.GetValue<string>(), policy);
    }
}
