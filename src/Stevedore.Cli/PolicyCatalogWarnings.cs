using Stevedore.Policy.Catalog;
using Stevedore.Policy.Document;

namespace Stevedore.Cli;

/// <summary>A finding that does not make a policy invalid but probably makes it wrong.</summary>
public sealed record PolicyWarning(string Message, string Path);

/// <summary>
/// Checks a valid policy against the Service Authorization Reference: names IAM accepts but no service
/// defines, and resource ARNs on actions that only authorize against <c>"*"</c>.
/// </summary>
public static class PolicyCatalogWarnings
{
    public static IReadOnlyList<PolicyWarning> Find(PolicyDocument document, ActionCatalog catalog)
    {
        var warnings = new List<PolicyWarning>();
        for (var i = 0; i < document.Statements.Count; i++)
        {
            var statement = document.Statements[i];
            var path = document.StatementIsArray ? $"Statement[{i}]" : "Statement";
            CheckActions(statement, $"{path}.{statement.ActionKey}", catalog, warnings);
            CheckResourceLevel(statement, $"{path}.{statement.ResourceKey}", catalog, warnings);
            CheckConditionKeys(statement, $"{path}.Condition", catalog, warnings);
        }

        return warnings;
    }

    private static void CheckActions(Statement statement, string path, ActionCatalog catalog, List<PolicyWarning> warnings)
    {
        foreach (var action in statement.Action?.Values ?? [])
        {
            var colon = action.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var prefix = action[..colon];
            var name = action[(colon + 1)..];
            if (HasWildcard(prefix))
            {
                continue;
            }

            if (!catalog.IsKnownService(prefix))
            {
                warnings.Add(new PolicyWarning($"Unknown service prefix \"{prefix}\" in action \"{action}\"", path));
            }
            else if (!HasWildcard(name) && catalog.TryGetService(prefix, out var service) && !service.TryGetAction(name, out _))
            {
                warnings.Add(new PolicyWarning($"Unknown action \"{action}\": the {prefix} service defines no such action", path));
            }
        }
    }

    private static void CheckResourceLevel(Statement statement, string path, ActionCatalog catalog, List<PolicyWarning> warnings)
    {
        // Actions without resource types are authorized against "*": a statement naming only ARNs never matches them.
        // https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
        if (statement.IsNotAction || statement.IsNotResource || statement.Resource is null ||
            statement.Resource.Values.Any(r => r == "*"))
        {
            return;
        }

        foreach (var action in statement.Action?.Values ?? [])
        {
            if (!HasWildcard(action) && catalog.TryGetAction(action, out var info) && !info.SupportsResourceLevelPermissions)
            {
                var resources = string.Join(", ", statement.Resource.Values.Select(r => $"\"{r}\""));
                warnings.Add(new PolicyWarning(
                    $"{info.FullName} supports only Resource \"*\"; this statement names {resources}, so it never applies to {info.FullName}",
                    path));
            }
        }
    }

    private static void CheckConditionKeys(Statement statement, string path, ActionCatalog catalog, List<PolicyWarning> warnings)
    {
        foreach (var block in statement.Conditions)
        {
            foreach (var key in block.Keys)
            {
                var colon = key.Key.IndexOf(':');
                if (colon <= 0)
                {
                    continue;
                }

                var prefix = key.Key[..colon];
                var known = prefix.Equals("aws", StringComparison.OrdinalIgnoreCase) || catalog.TryGetService(prefix, out _);
                if (known && !catalog.TryGetConditionKey(key.Key, out _))
                {
                    warnings.Add(new PolicyWarning($"Unknown condition key \"{key.Key}\"", $"{path}.{block.Operator}"));
                }
            }
        }
    }

    private static bool HasWildcard(string text) => text.AsSpan().IndexOfAny('*', '?') >= 0;
}
