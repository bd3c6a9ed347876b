namespace Stevedore.Cloud.Ssm;

/// <summary>Parameter names, paths and ARNs as Parameter Store forms and checks them.</summary>
// https://docs.aws.amazon.com/systems-manager/latest/userguide/sysman-parameter-name-constraints.html
public static class SsmNames
{
    /// <summary>A hierarchy can have at most 15 levels (the name counts as one).</summary>
    public const int MaxHierarchyLevels = 15;

    /// <summary>The prefix of references to Secrets Manager secrets.</summary>
    public const string SecretsManagerPrefix = "/aws/reference/secretsmanager/";

    /// <summary>The store key: the name without its leading slash.</summary>
    public static string KeyOf(string name) => name.StartsWith('/') ? name[1..] : name;

    /// <summary><c>arn:aws:ssm:R:A:parameter/NAME</c> for <c>NAME</c> and <c>arn:aws:ssm:R:A:parameter/a/b</c> for
    /// <c>/a/b</c> (no double slash).</summary>
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssystemsmanager.html#awssystemsmanager-resources-for-iam-policies
    public static string Arn(string region, string account, string name) => $"arn:aws:ssm:{region}:{account}:parameter/{KeyOf(name)}";

    /// <summary>Whether the name (or path) is under a prefix AWS reserves (<c>aws</c>, <c>ssm</c>, any case).</summary>
    public static bool HasReservedPrefix(string name, string prefix) => KeyOf(name).StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether the name is well formed: letters, digits, <c>_.-</c>, and slashes delimiting a hierarchy that
    /// starts with a slash and has no empty level.</summary>
    public static bool IsWellFormed(string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '/'))
            {
                return false;
            }
        }

        if (!name.Contains('/'))
        {
            return true;
        }

        return name.StartsWith('/') && name.Length > 1 && !name[1..].Split('/').Any(level => level.Length == 0);
    }

    /// <summary>How many levels the hierarchy has (<c>/a/b/c</c>: 3; <c>name</c>: 1).</summary>
    public static int Levels(string name) => KeyOf(name).Split('/').Length;

    /// <summary>
    /// Splits what GetParameter accepts — a name or an ARN, optionally followed by <c>:version</c> or <c>:label</c> — into
    /// the name, the ARN's account and region (when an ARN), and the selector.
    /// </summary>
    public static ParameterReference Parse(string input)
    {
        string? account = null, region = null;
        var rest = input;
        if (input.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = input.Split(':', 6);
            if (parts.Length == 6 && parts[2] == "ssm" && parts[5].StartsWith("parameter/", StringComparison.Ordinal))
            {
                region = parts[3];
                account = parts[4];
                rest = parts[5]["parameter".Length..];
                if (rest.Count(c => c == '/') == 1)
                {
                    rest = rest[1..];
                }
            }
        }

        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon < 0
            ? new ParameterReference(rest, null, account, region)
            : new ParameterReference(rest[..colon], rest[(colon + 1)..], account, region);
    }
}

/// <summary>A parameter as a request names it.</summary>
/// <param name="Selector">The version number or label after the colon, if any.</param>
public sealed record ParameterReference(string Name, string? Selector, string? Account, string? Region)
{
    public long? SelectedVersion => Selector is not null && long.TryParse(Selector, System.Globalization.NumberStyles.None, null, out var v) ? v : null;
}
