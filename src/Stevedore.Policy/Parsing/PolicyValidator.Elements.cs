using Stevedore.Policy.Conditions;
using Stevedore.Policy.Document;

namespace Stevedore.Policy.Parsing;

public static partial class PolicyValidator
{
    private static readonly string[] Partitions = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc", "*"];

    private static bool FindBadConditionValue(Statement statement, out string at)
    {
        foreach (var block in statement.Conditions)
        {
            if (!ConditionOperator.TryParse(block.Operator, out var op, out _))
            {
                continue;
            }

            foreach (var key in block.Keys)
            {
                foreach (var literal in key.Values)
                {
                    if (!ValueParses(op.Base.Family, literal.Text))
                    {
                        at = $"{block.Operator}.{key.Key}";
                        return true;
                    }
                }
            }
        }

        at = "";
        return false;
    }

    private static bool ValueParses(OperatorFamily family, string text) => family switch
    {
        OperatorFamily.Numeric => ConditionValueParsers.TryParseNumber(text, out _),
        OperatorFamily.Date => ConditionValueParsers.TryParseDate(text, out _),
        OperatorFamily.IpAddress => ConditionValueParsers.TryParseNetwork(text, out _),
        OperatorFamily.Binary => ConditionValueParsers.TryParseBinary(text, out _),
        _ => true,
    };

    private static bool CheckActions(Statement statement, PolicyDocument document, int index, List<PolicyError> errors)
    {
        foreach (var action in statement.Action!.Values)
        {
            if (action == "*")
            {
                continue;
            }

            var message = CheckVendor(action);
            if (message is not null)
            {
                errors.Add(new PolicyError(PolicyError.Malformed, message, $"{Path(document, index)}.{statement.ActionKey}"));
                return false;
            }
        }

        return true;
    }

    private static bool CheckConditionKeys(Statement statement, PolicyDocument document, int index, List<PolicyError> errors)
    {
        foreach (var block in statement.Conditions)
        {
            foreach (var key in block.Keys)
            {
                var message = CheckVendor(key.Key, conditionKey: true);
                if (message is not null)
                {
                    errors.Add(new PolicyError(PolicyError.Malformed, message, $"{Path(document, index)}.Condition.{block.Operator}.{key.Key}"));
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Actions are <c>vendor:name</c> with exactly one colon; condition keys may hold more after the vendor.</summary>
    private static string? CheckVendor(string text, bool conditionKey = false)
    {
        var colon = text.IndexOf(':');
        if (colon < 0)
        {
            return PolicyMessages.VendorPrefix;
        }

        if (!conditionKey && text.IndexOf(':', colon + 1) >= 0)
        {
            return PolicyMessages.OneColon;
        }

        var vendor = text.AsSpan(0, colon);
        foreach (var c in vendor)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '*' or '?'))
            {
                return PolicyMessages.VendorNotValid(vendor.ToString());
            }
        }

        return vendor.Length == 0 ? PolicyMessages.VendorNotValid("") : null;
    }

    private static bool CheckResources(Statement statement, PolicyDocument document, int index, List<PolicyError> errors)
    {
        if (statement.Resource is null)
        {
            return true;
        }

        foreach (var resource in statement.Resource.Values)
        {
            var message = CheckResource(resource);
            if (message is not null)
            {
                errors.Add(new PolicyError(PolicyError.Malformed, message, $"{Path(document, index)}.{statement.ResourceKey}"));
                return false;
            }
        }

        return true;
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
    private static string? CheckResource(string resource)
    {
        if (resource == "*")
        {
            return null;
        }

        if (!resource.Contains(':'))
        {
            return PolicyMessages.ResourceNotArn(resource);
        }

        var text = resource.AsSpan();
        var scheme = text[..text.IndexOf(':')];
        if (scheme is not "arn" and not "*")
        {
            return PolicyMessages.ResourceNotArn(resource);
        }

        Span<int> colons = stackalloc int[5];
        if (!Matching.ArnParts.TrySplit(text, colons))
        {
            // An ARN with fewer than six parts: IAM's legacy parser rejects it.
            return text.Count(':') >= 2 && text.Contains("::", StringComparison.Ordinal) ? PolicyMessages.LegacyParsing : null;
        }

        var partition = Matching.ArnParts.Part(text, colons, 1);
        if (partition.IndexOfAny('*', '?') < 0 && !IsPartition(partition))
        {
            return PolicyMessages.PartitionNotValid(partition.ToString(), resource);
        }

        var service = Matching.ArnParts.Part(text, colons, 2);
        if (service.IsEmpty || (service.IndexOfAny('*', '?') >= 0 && service is not "*"))
        {
            return PolicyMessages.ResourceVendor;
        }

        if (service is "iam" && !Matching.ArnParts.Part(text, colons, 3).IsEmpty)
        {
            return PolicyMessages.IamResourceRegion(resource);
        }

        return null;
    }

    private static bool IsPartition(ReadOnlySpan<char> partition)
    {
        foreach (var known in Partitions)
        {
            if (partition.SequenceEqual(known))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CheckPrincipal(Statement statement, PolicyType type, PolicyDocument document, int index, List<PolicyError> errors)
    {
        string At() => $"{Path(document, index)}.{statement.PrincipalKey}";
        if (!type.NamesPrincipals())
        {
            if (statement.Principal is not null)
            {
                errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.ShouldNotSpecifyPrincipal, At()));
                return false;
            }

            return true;
        }

        if (statement.Principal is null || (!statement.Principal.IsWildcard && statement.Principal.Entries.All(e => e.Values.Values.Count == 0)))
        {
            var message = type == PolicyType.Trust ? PolicyMessages.TrustWithoutPrincipal : PolicyMessages.MissingPrincipal;
            errors.Add(new PolicyError(PolicyError.Malformed, message, Path(document, index)));
            return false;
        }

        // NotPrincipal is not allowed in trust policies: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
        if (type == PolicyType.Trust && statement.IsNotPrincipal)
        {
            errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.NotPrincipalProhibited, At()));
            return false;
        }

        foreach (var entry in statement.Principal.Entries)
        {
            if (entry.Type != "AWS")
            {
                continue;
            }

            foreach (var value in entry.Values.Values)
            {
                if (!IsValidAwsPrincipal(value))
                {
                    errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.InvalidPrincipal(entry.Type, value), $"{At()}.AWS"));
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>"*", a 12-digit account, or an IAM/STS principal ARN without partial wildcards.</summary>
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    private static bool IsValidAwsPrincipal(string value)
    {
        if (value == "*" || (value.Length == 12 && value.All(char.IsAsciiDigit)))
        {
            return true;
        }

        var parts = value.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[3].Length != 0 || value.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            return false;
        }

        return parts[2] switch
        {
            "iam" => parts[5] == "root" || parts[5].StartsWith("user/", StringComparison.Ordinal) || parts[5].StartsWith("role/", StringComparison.Ordinal),
            "sts" => parts[5].StartsWith("assumed-role/", StringComparison.Ordinal) || parts[5].StartsWith("federated-user/", StringComparison.Ordinal),
            _ => false,
        };
    }
}
