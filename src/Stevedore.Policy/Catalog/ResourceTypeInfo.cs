namespace Stevedore.Policy.Catalog;

/// <summary>A resource type of a service, e.g. ECR <c>repository</c>, with its ARN format and condition keys.</summary>
public sealed class ResourceTypeInfo
{
    private const int ArnParts = 6;
    private readonly Template[] _parts;

    internal ResourceTypeInfo(string name, string arnFormat, IReadOnlyList<string> conditionKeys)
    {
        Name = name;
        ArnFormat = arnFormat;
        ConditionKeys = conditionKeys;
        var parts = arnFormat.Split(':', ArnParts);
        _parts = new Template[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            // Header parts (arn, partition, service, region, account): a placeholder is any run without ':'
            // (possibly empty). Resource part: a placeholder is any non-empty run, ':' and '/' included.
            _parts[i] = Template.Parse(parts[i], i < ArnParts - 1 ? 0 : 1, StringComparison.Ordinal);
        }

        Specificity = _parts.Sum(p => p.LiteralLength);
    }

    /// <summary>Resource type name as published (e.g. <c>repository</c>, <c>Secret</c>, <c>log-stream</c>).</summary>
    public string Name { get; }

    /// <summary>ARN format, e.g. <c>arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}</c>.</summary>
    public string ArnFormat { get; }

    /// <summary>Condition keys that apply to this resource type (e.g. <c>aws:ResourceTag/${TagKey}</c>).</summary>
    public IReadOnlyList<string> ConditionKeys { get; }

    /// <summary>Literal characters in the ARN format: higher means more specific.</summary>
    internal int Specificity { get; }

    /// <summary>True when the concrete <paramref name="arn"/> fits this resource type's ARN format.</summary>
    public bool MatchesArn(string arn)
    {
        if (_parts.Length != ArnParts)
        {
            return false;
        }

        var rest = arn.AsSpan();
        for (var i = 0; i < ArnParts - 1; i++)
        {
            var colon = rest.IndexOf(':');
            if (colon < 0 || !_parts[i].IsMatch(rest[..colon]))
            {
                return false;
            }

            rest = rest[(colon + 1)..];
        }

        return _parts[ArnParts - 1].IsMatch(rest);
    }

    /// <summary>Of the candidates whose format matches <paramref name="arn"/>, the most specific (first on ties).</summary>
    internal static ResourceTypeInfo? BestMatch(IEnumerable<ResourceTypeInfo> candidates, string arn)
    {
        ResourceTypeInfo? best = null;
        foreach (var candidate in candidates)
        {
            if ((best is null || candidate.Specificity > best.Specificity) && candidate.MatchesArn(arn))
            {
                best = candidate;
            }
        }

        return best;
    }

    public override string ToString() => $"{Name} ({ArnFormat})";
}
