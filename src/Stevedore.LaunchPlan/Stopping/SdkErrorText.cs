using Stevedore.LaunchPlan.Plan;

namespace Stevedore.LaunchPlan.Stopping;

/// <summary>How the AWS SDK for Go v2 (current agent and Fargate) renders a service error inside a message
/// (reference sheet §3.1): <c>operation error SERVICE: OP, https response error StatusCode: N, RequestID: ID, api error CODE: MESSAGE</c>.</summary>
public static class SdkErrorText
{
    public static string Render(PlannedCall call, ServiceError error)
    {
        var service = ServiceId(call.Service);
        var requestPart = call.Service == "s3" && error.RequestId.Length == 0 ? "" : $"RequestID: {error.RequestId}, ";
        return $"operation error {service}: {call.Operation}, https response error StatusCode: {error.HttpStatus}, {requestPart}api error {error.Code}: {error.Message}";
    }

    /// <summary>The SDK v1 / moby rendering <c>CODE: MESSAGE</c> (dockerd's awslogs driver on EC2).</summary>
    public static string Short(ServiceError error) => $"{error.Code}: {error.Message}";

    /// <summary>The SDK's service id as it prints it.</summary>
    public static string ServiceId(string signingName) => signingName switch
    {
        "ecr" => "ECR",
        "secretsmanager" => "Secrets Manager",
        "ssm" => "SSM",
        "logs" => "CloudWatch Logs",
        "s3" => "S3",
        "kms" => "KMS",
        _ => signingName,
    };
}
