namespace Stevedore.LaunchPlan.Context;

/// <summary>The two kinds of VPC endpoint an execution-role call can go through.</summary>
public enum VpcEndpointKind
{
    /// <summary>An interface endpoint (PrivateLink): catches the service's public name only with private DNS on.</summary>
    Interface,

    /// <summary>A gateway endpoint (S3, DynamoDB): in the route tables, catches all the service's traffic.</summary>
    Gateway,
}

/// <summary>
/// A VPC endpoint in the task's VPC.
/// </summary>
/// <param name="Service">The last part of the endpoint service name <c>com.amazonaws.REGION.SERVICE</c>: <c>ecr.api</c>,
/// <c>ecr.dkr</c>, <c>s3</c>, <c>logs</c>, <c>secretsmanager</c>, <c>ssm</c>, <c>kms</c>.</param>
/// <param name="Id">The endpoint id (<c>vpce-…</c>): the value of <c>aws:SourceVpce</c>.</param>
/// <param name="PrivateDns">For an interface endpoint: private DNS on (and the VPC's DNS support and hostnames on).</param>
// https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#private-dns
public sealed record VpcEndpoint(string Service, string Id, VpcEndpointKind Kind = VpcEndpointKind.Interface, bool PrivateDns = true);

/// <summary>The task's network: its VPC and that VPC's endpoints (all in the launch region).</summary>
public sealed record LaunchNetwork(string VpcId, IReadOnlyList<VpcEndpoint> Endpoints)
{
    /// <summary>
    /// The endpoint a call to <paramref name="service"/> goes through, or null when it leaves the VPC: a gateway endpoint
    /// wins (it is in the route tables), else an interface endpoint with private DNS. The same rule as the server's
    /// <c>VpcEndpointDirectory</c>.
    /// </summary>
    public VpcEndpoint? Route(string service, bool interfaceAllowed = true) =>
        Endpoints.FirstOrDefault(e => e.Service == service && e.Kind == VpcEndpointKind.Gateway)
        ?? (interfaceAllowed ? Endpoints.FirstOrDefault(e => e.Service == service && e.Kind == VpcEndpointKind.Interface && e.PrivateDns) : null);
}
