using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Iam.Simulation;

/// <summary>The simulator's input errors (InvalidInput, 400).</summary>
/// <remarks>Only <see cref="InvalidResourceArn"/> has a text seen in a real response; the others are
/// worded from the API reference and are unconfirmed.</remarks>
public static class SimulationErrors
{
    // https://github.com/aws-containers/amazon-ecs-exec-checker/issues/35
    public static AwsServiceException InvalidResourceArn(string resource) =>
        new("InvalidInput", $"ResourceNames are not in a valid ARN format: {resource}.", 400);

    // API_SimulateCustomPolicy: "CallerArn is required if you include a ResourcePolicy".
    public static AwsServiceException CallerArnRequired() =>
        new("InvalidInput", "CallerArn is required when a ResourcePolicy is specified.", 400);

    // API_SimulateCustomPolicy: "You can specify only the ARN of an IAM user."
    public static AwsServiceException InvalidCallerArn(string arn) =>
        new("InvalidInput", $"Invalid CallerArn: {arn}. CallerArn must be the ARN of an IAM user.", 400);

    // API_SimulateCustomPolicy: "You can input only one permissions boundary when you pass a policy to this operation."
    public static AwsServiceException OneBoundary() =>
        new("InvalidInput", "Only one permissions boundary policy may be specified.", 400);
}
