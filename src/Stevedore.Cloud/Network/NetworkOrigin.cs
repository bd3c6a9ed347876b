namespace Stevedore.Cloud.Network;

/// <summary>
/// Where a request comes from when it originates inside a VPC and reaches the service through a VPC
/// endpoint: the request carries <c>aws:SourceVpc</c> and <c>aws:SourceVpce</c>, and the endpoint's
/// policy is a further gate.
/// </summary>
/// <param name="VpcId">The VPC the request comes from (<c>aws:SourceVpc</c>).</param>
/// <param name="VpcEndpointId">The endpoint it passes through (<c>aws:SourceVpce</c>).</param>
/// <param name="EndpointPolicy">The endpoint's policy document (JSON), or null for the default full-access policy.</param>
// https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
public sealed record NetworkOrigin(string VpcId, string VpcEndpointId, string? EndpointPolicy);
