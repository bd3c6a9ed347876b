using Stevedore.Storage;

namespace Stevedore.Cloud.Network;

/// <summary>
/// Finds the VPC endpoint a request from inside a VPC passes through on its way to a service: an
/// interface endpoint with private DNS for the service, or a gateway endpoint (S3).
/// </summary>
public static class VpcEndpointDirectory
{
    /// <summary>
    /// The origin of a request from <paramref name="vpcId"/> (in <paramref name="accountId"/>, <paramref name="region"/>)
    /// to the endpoint service <paramref name="endpointService"/> (the last part of
    /// <c>com.amazonaws.REGION.SERVICE</c>: <c>ecr.api</c>, <c>ecr.dkr</c>, <c>s3</c>, <c>logs</c> …), or null when
    /// the VPC has no endpoint for it (the request leaves the VPC and carries no VPC keys).
    /// </summary>
    public static NetworkOrigin? Resolve(IStateStore store, string accountId, string region, string vpcId, string endpointService)
    {
        // EC2 networking (VPCs and their endpoints) is not modelled yet: no VPC has an endpoint.
        _ = (store, accountId, region, vpcId, endpointService);
        return null;
    }
}
