using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Ec2;

/// <summary>EC2's error codes and texts for the networking operations (all HTTP 400 unless noted).</summary>
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html
internal static class Ec2Errors
{
    // An id that is not of the resource's shape is Malformed rather than NotFound (AWS's spelling of each code differs:
    // InvalidVpcID but InvalidGroupId; codes from the errors page above). Text as EC2 answers it, quoted in
    // https://github.com/aws-controllers-k8s/ec2-controller (test/e2e, internet gateway with a malformed VPC id).
    public static AwsServiceException VpcNotFound(string id) =>
        Ec2Ids.IsWellFormed(id, "vpc") ? new("InvalidVpcID.NotFound", $"The vpc ID '{id}' does not exist") : Malformed("InvalidVpcID.Malformed", id, "vpc");

    public static AwsServiceException SubnetNotFound(string id) =>
        Ec2Ids.IsWellFormed(id, "subnet") ? new("InvalidSubnetID.NotFound", $"The subnet ID '{id}' does not exist") : Malformed("InvalidSubnetID.Malformed", id, "subnet");

    public static AwsServiceException GroupNotFound(string id) =>
        Ec2Ids.IsWellFormed(id, "sg") ? new("InvalidGroup.NotFound", $"The security group '{id}' does not exist") : Malformed("InvalidGroupId.Malformed", id, "sg");

    public static AwsServiceException GroupNameNotFound(string name, string? vpcId) => vpcId is null
        ? new("InvalidGroup.NotFound", $"The security group '{name}' does not exist in default VPC 'none'")
        : new("InvalidGroup.NotFound", $"The security group '{name}' does not exist in VPC '{vpcId}'");

    public static AwsServiceException EndpointNotFound(string id) =>
        Ec2Ids.IsWellFormed(id, "vpce") ? new("InvalidVpcEndpointId.NotFound", $"The Vpc Endpoint Id '{id}' does not exist") : Malformed("InvalidVpcEndpointId.Malformed", id, "vpce");

    public static AwsServiceException RouteTableNotFound(string id) =>
        Ec2Ids.IsWellFormed(id, "rtb") ? new("InvalidRouteTableId.NotFound", $"The routeTable ID '{id}' does not exist") : Malformed("InvalidRouteTableId.Malformed", id, "rtb");

    /// <summary>Whether an error is one of the Malformed ones (an id of the wrong shape).</summary>
    public static bool IsMalformed(AwsServiceException error) => error.Code.EndsWith(".Malformed", StringComparison.Ordinal);

    private static AwsServiceException Malformed(string code, string id, string prefix) => new(code, $"Invalid id: \"{id}\" (expecting \"{prefix}-...\")");

    public static AwsServiceException InvalidCidr(string cidr) =>
        new("InvalidParameterValue", $"Value ({cidr}) for parameter cidrBlock is invalid. This is not a valid CIDR block.");

    public static AwsServiceException VpcRange(string cidr) => new("InvalidVpc.Range", $"The CIDR '{cidr}' is invalid.");

    public static AwsServiceException SubnetRange(string cidr) => new("InvalidSubnet.Range", $"The CIDR '{cidr}' is invalid.");

    public static AwsServiceException SubnetConflict(string cidr) => new("InvalidSubnet.Conflict", $"The CIDR '{cidr}' conflicts with another subnet");

    public static AwsServiceException Dependency(string type, string id) =>
        new("DependencyViolation", $"The {type} '{id}' has dependencies and cannot be deleted.");

    public static AwsServiceException GroupInUse(string id) => new("DependencyViolation", $"resource {id} has a dependent object");

    public static AwsServiceException DuplicateGroup(string name, string vpcId) =>
        new("InvalidGroup.Duplicate", $"The security group '{name}' already exists for VPC '{vpcId}'");

    public static AwsServiceException CannotDeleteDefault(string id) =>
        new("CannotDelete", $"the specified group: \"{id}\" name: \"default\" cannot be deleted by a user");

    public static AwsServiceException ServiceNotFound(string name) =>
        new("InvalidServiceName", $"The Vpc Endpoint Service '{name}' does not exist");

    public static AwsServiceException PrivateDnsNeedsVpcDns(string vpcId) =>
        // Quoted by users from the EC2 API (InvalidParameter), e.g. terraform-provider-aws reports.
        new("InvalidParameter", $"Enabling private DNS requires both enableDnsSupport and enableDnsHostnames VPC attributes set to true for {vpcId}");

    public static AwsServiceException InvalidParameter(string message) => new("InvalidParameter", message);

    public static AwsServiceException InvalidParameterValue(string message) => new("InvalidParameterValue", message);

    public static AwsServiceException InvalidPolicy(string detail) =>
        new("InvalidPolicyDocument", $"The Policy Document is not valid. {detail}".TrimEnd());

    public static AwsServiceException InvalidId(string id) => new("InvalidID", $"The ID '{id}' is not valid");
}
