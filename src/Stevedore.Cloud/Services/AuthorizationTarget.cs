using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Services;

/// <summary>What an operation is authorized against: the IAM action, the resource, and the resource's own policy.</summary>
/// <param name="ResourceAccount">The resource owner when it is not in the ARN (or differs from the caller's account).</param>
/// <param name="OmitDenialReason">Deny without saying which policy decided (sts:AssumeRole does not reveal whether the role
/// exists or what its trust policy says).</param>
public sealed record AuthorizationTarget(
    string Action,
    string Resource,
    CompiledPolicy? ResourcePolicy = null,
    ResourcePolicyKind ResourcePolicyKind = ResourcePolicyKind.Standard,
    string? ResourceAccount = null,
    bool OmitDenialReason = false)
{
    /// <summary>Operations every authenticated caller may make (sts:GetCallerIdentity).</summary>
    public static AuthorizationTarget Unconditional { get; } = new("", "*");

    public bool IsUnconditional => Action.Length == 0;

    /// <summary>
    /// The service's condition keys for this request and the resource's tags, as AWS fills them in
    /// (<c>aws:ResourceTag/team</c>, <c>ecr:ResourceTag/team</c>, <c>s3:prefix</c>, <c>kms:ViaService</c>, …).
    /// A key with several values is multi-valued.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Context { get; init; } = [];

    /// <summary>Returns a copy with one more single-valued context key.</summary>
    public AuthorizationTarget With(string key, string value) => this with { Context = [.. Context, new(key, [value])] };

    /// <summary>Returns a copy with one more multi-valued context key.</summary>
    public AuthorizationTarget WithMulti(string key, IReadOnlyList<string> values) => this with { Context = [.. Context, new(key, values)] };

    /// <summary>Returns a copy with <c>aws:ResourceTag/K</c> (and, when given, <c>{servicePrefix}:ResourceTag/K</c>) for each tag.</summary>
    public AuthorizationTarget WithResourceTags(IEnumerable<KeyValuePair<string, string>> tags, string? servicePrefix = null)
    {
        if (tags.TryGetNonEnumeratedCount(out var count) && count == 0)
        {
            return this; // most resources have no tags: no copy of the context
        }

        var context = new List<KeyValuePair<string, IReadOnlyList<string>>>(Context);
        foreach (var (key, value) in tags)
        {
            context.Add(new($"aws:ResourceTag/{key}", [value]));
            if (servicePrefix is not null)
            {
                context.Add(new($"{servicePrefix}:ResourceTag/{key}", [value]));
            }
        }
        return this with { Context = context };
    }
}
