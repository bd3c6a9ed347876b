namespace Stevedore.Advisor;

/// <summary>What the advisor knows beyond the plan and the role.</summary>
public sealed record AdvisorOptions
{
    public static AdvisorOptions Default { get; } = new();

    /// <summary>
    /// Customer managed KMS keys that encrypt secrets or parameters: the secret/parameter ARN or name (as in
    /// <c>valueFrom</c>, or the plan's resource) → key ARN. Side calls to <c>kms:Decrypt</c> are evaluated only for these;
    /// for other secrets the key is unknown (the AWS managed key needs no grant).
    /// </summary>
    public IReadOnlyDictionary<string, string> KmsKeys { get; init; } = new Dictionary<string, string>();
}
