using System.Text.Json.Nodes;

namespace Stevedore.LaunchPlan.Plan;

/// <summary>
/// One AWS call of a launch: what the agent executes and the advisor evaluates. <see cref="Request"/> holds the
/// operation's input keyed by the service model's member names (what the service's handler reads), ready to send.
/// </summary>
public sealed record PlannedCall
{
    /// <summary>Position in the plan (1-based, main calls only; side calls share their parent's).</summary>
    public required int Sequence { get; init; }

    public required PlanStage Stage { get; init; }

    public required Feature Feature { get; init; }

    /// <summary>The service's signing name: <c>ecr</c>, <c>secretsmanager</c>, <c>ssm</c>, <c>s3</c>, <c>logs</c>, <c>kms</c>.</summary>
    public required string Service { get; init; }

    /// <summary>The API operation, e.g. <c>GetAuthorizationToken</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>The IAM action, e.g. <c>ecr:GetAuthorizationToken</c>.</summary>
    public required string Action { get; init; }

    /// <summary>The resources IAM evaluates (one per SSM parameter for GetParameters; empty when unknown to the plan,
    /// see <see cref="ResourceNote"/>).</summary>
    public required IReadOnlyList<string> Resources { get; init; }

    /// <summary>True when a resource is a Secrets Manager secret named without its 6-character suffix: the real ARN
    /// is this text followed by <c>-??????</c>.</summary>
    public bool ResourceIsPrefix { get; init; }

    /// <summary>Why <see cref="Resources"/> is empty or partial (e.g. "the secret's KMS key").</summary>
    public string? ResourceNote { get; init; }

    /// <summary>The region the call is made in.</summary>
    public required string Region { get; init; }

    public required CallPrincipal Principal { get; init; }

    /// <summary>The role ARN behind <see cref="Principal"/> when known.</summary>
    public string? PrincipalRoleArn { get; init; }

    /// <summary>Request context keys beyond the principal's own (<c>aws:SourceVpc</c>, <c>kms:ViaService</c> …).</summary>
    public IReadOnlyDictionary<string, string> ContextKeys { get; init; } = Empty;

    /// <summary>The VPC endpoint service the call goes through (<c>ecr.dkr</c>), or null when it leaves the VPC.</summary>
    public string? EndpointService { get; init; }

    /// <summary>The endpoint's id (<c>vpce-…</c>) when it goes through one.</summary>
    public string? VpcEndpointId { get; init; }

    /// <summary>The operation's input (model member names), or null for a side call the agent does not make itself.</summary>
    public JsonObject? Request { get; init; }

    /// <summary>The secrets this call serves (SSM batch, Secrets Manager, registry credentials).</summary>
    public IReadOnlyList<SecretItem> Secrets { get; init; } = [];

    /// <summary>The container the call is for (null for a task-level call serving several).</summary>
    public string? Container { get; init; }

    /// <summary>The task-definition fields that caused the call (first = the main one).</summary>
    public required IReadOnlyList<string> JsonPaths { get; init; }

    public CallCondition Condition { get; init; } = CallCondition.Always;

    /// <summary>False when a failure does not stop the task (awslogs PutLogEvents; the EC2 agent's bucket-region probe).</summary>
    public bool StopsTaskOnFailure { get; init; } = true;

    /// <summary>Calls a service makes on the principal's behalf as part of this one (kms:Decrypt via Secrets Manager/SSM).</summary>
    public IReadOnlyList<PlannedCall> SideCalls { get; init; } = [];

    public string? Resource => Resources.Count > 0 ? Resources[0] : null;

    public string? JsonPath => JsonPaths.Count > 0 ? JsonPaths[0] : null;

    internal static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    public override string ToString() => $"{Sequence}. [{Stage}] {Action} on {Resource ?? ResourceNote} as {Principal}";
}
