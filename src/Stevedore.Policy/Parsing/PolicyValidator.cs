using Stevedore.Policy.Conditions;
using Stevedore.Policy.Document;

namespace Stevedore.Policy.Parsing;

/// <summary>Options that depend on how a document reaches IAM, not on its type.</summary>
/// <param name="RequireVersion2012">Managed policies (CreatePolicy, CreatePolicyVersion) must declare 2012-10-17.</param>
public sealed record ValidationOptions(bool RequireVersion2012 = false)
{
    public static ValidationOptions Default { get; } = new();

    public static ValidationOptions Managed { get; } = new(RequireVersion2012: true);
}

/// <summary>The rules of each policy type, checked in the order IAM checks them; IAM reports the first failure.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
public static partial class PolicyValidator
{
    private static readonly string[] TrustActions =
    [
        // The actions a role trust policy may name (AssumeRole family plus the session-tagging actions).
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html
        "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
        "sts:TagSession", "sts:SetSourceIdentity", "sts:SetContext",
    ];

    public static void Validate(PolicyDocument document, PolicyType type, List<PolicyError> errors, ValidationOptions? options = null)
    {
        options ??= ValidationOptions.Default;
        var statements = document.Statements;

        // 1. Syntax: condition operators must exist and keys name a vendor.
        for (var i = 0; i < statements.Count; i++)
        {
            foreach (var block in statements[i].Conditions)
            {
                if (!ConditionOperator.TryParse(block.Operator, out _, out _))
                {
                    errors.Add(PolicyParser.Syntax($"{Path(document, i)}.Condition.{block.Operator}"));
                    return;
                }
            }
        }

        // 2. Version: managed policies must be 2012-10-17 (IAM: "must be version 2012-10-17 or greater").
        if (options.RequireVersion2012 && document.Version != PolicyDocument.Version2012)
        {
            errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.VersionTooOld, "Version"));
            return;
        }

        // 3. Legacy parsing: typed condition values that do not parse.
        for (var i = 0; i < statements.Count; i++)
        {
            if (FindBadConditionValue(statements[i], out var at))
            {
                errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.LegacyParsing, $"{Path(document, i)}.Condition.{at}"));
                return;
            }
        }

        // 4. Sids: unique within the policy; IAM-stored policies take only letters and digits.
        if (!CheckSids(document, type, errors))
        {
            return;
        }

        // Trust policies: the prohibited Resource is reported before anything else about a statement.
        if (type == PolicyType.Trust)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                if (statements[i].Resource is not null)
                {
                    errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.ProhibitedResource, $"{Path(document, i)}.{statements[i].ResourceKey}"));
                    return;
                }
            }
        }

        // 5. Actions and 6. resources must be present.
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            if (statement.Action is null || statement.Action.Values.Count == 0)
            {
                errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.MissingActions, Path(document, i)));
                return;
            }

            // Resource policies may leave Resource out (ECR and SQS policies do: it is the resource they are attached to).
            var resourceRequired = !type.NamesPrincipals();
            if ((resourceRequired && statement.Resource is null) || statement.Resource is { Values.Count: 0 })
            {
                errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.MissingResources, Path(document, i)));
                return;
            }
        }

        // 7. Resource ARN format, 8. action vendor prefixes and condition key prefixes.
        for (var i = 0; i < statements.Count; i++)
        {
            if (!CheckResources(statements[i], document, i, errors) ||
                !CheckActions(statements[i], document, i, errors) ||
                !CheckConditionKeys(statements[i], document, i, errors))
            {
                return;
            }
        }

        // 9. Principals: forbidden in identity-grammar policies, required where the grammar names them.
        for (var i = 0; i < statements.Count; i++)
        {
            if (!CheckPrincipal(statements[i], type, document, i, errors))
            {
                return;
            }
        }

        // 10. Trust policies name only the AssumeRole family of actions.
        if (type == PolicyType.Trust)
        {
            for (var i = 0; i < statements.Count; i++)
            {
                foreach (var action in statements[i].Action!.Values)
                {
                    if (!IsTrustAction(action))
                    {
                        errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.TrustActions, $"{Path(document, i)}.{statements[i].ActionKey}"));
                        return;
                    }
                }
            }
        }
    }

    internal static string Path(PolicyDocument document, int index) =>
        document.StatementIsArray ? $"Statement[{index}]" : "Statement";

    private static bool IsTrustAction(string action)
    {
        var pattern = Matching.Wildcard.Encode(action);
        foreach (var allowed in TrustActions)
        {
            if (Matching.Wildcard.Match(pattern, allowed, ignoreCase: true))
            {
                return true;
            }
        }

        return false;
    }

    private static bool CheckSids(PolicyDocument document, PolicyType type, List<PolicyError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var iamStored = type is PolicyType.Identity or PolicyType.PermissionsBoundary or PolicyType.Trust;
        for (var i = 0; i < document.Statements.Count; i++)
        {
            var sid = document.Statements[i].Sid;
            if (sid is null)
            {
                continue;
            }

            if (!seen.Add(sid))
            {
                errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.DuplicateSid, $"{Path(document, i)}.Sid"));
                return false;
            }

            // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
            if (iamStored && !sid.All(char.IsAsciiLetterOrDigit))
            {
                errors.Add(new PolicyError(PolicyError.Malformed, PolicyMessages.SidCharacters, $"{Path(document, i)}.Sid"));
                return false;
            }
        }

        return true;
    }
}
