namespace Stevedore.LaunchPlan.Plan;

/// <summary>
/// ECS assuming the execution role before anything else: <c>sts:AssumeRole</c> by the service principal
/// <c>ecs-tasks.amazonaws.com</c>, evaluated against the role's trust policy with <c>aws:SourceAccount</c> and
/// <c>aws:SourceArn</c> (the task ARN) in the context; the session is named after the task id.
/// </summary>
// Reference sheet §1.3, §4; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
public sealed record RoleAssumption(
    string RoleArn,
    string RoleName,
    string SessionName,
    string SessionArn,
    IReadOnlyDictionary<string, string> ContextKeys,
    string? JsonPath)
{
    public const string ServicePrincipal = "ecs-tasks.amazonaws.com";

    public const string Action = "sts:AssumeRole";
}
