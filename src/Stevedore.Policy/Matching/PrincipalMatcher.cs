using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Policy.Matching;

/// <summary>
/// How a statement's principal named the caller; it decides which other policies still apply. Ordered by
/// strength: each value leaves in force a subset of what the one before it does, so the strongest match wins.
/// </summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html (resource-based policies table)
public enum PrincipalMatch
{
    None = 0,

    /// <summary>The account (its id or <c>:root</c> ARN): delegation, so the account's identity policies must allow.</summary>
    Account = 1,

    /// <summary>The role ARN of the caller's session: boundaries and session policies still apply.</summary>
    Role = 2,

    /// <summary><c>"*"</c>, or a NotPrincipal that does not exclude the caller: past a session's boundary, not its session policy.</summary>
    Wildcard = 3,

    /// <summary>The caller itself: a user, a session, a service or a federated provider.</summary>
    Direct = 4,
}

/// <summary>A compiled Principal element.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
public sealed class PrincipalMatcher
{
    private readonly bool _wildcard;
    private readonly HashSet<string> _accounts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _arns = new(StringComparer.Ordinal);
    private readonly HashSet<string> _services = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _federated = new(StringComparer.OrdinalIgnoreCase);

    public PrincipalMatcher(PrincipalBlock block)
    {
        _wildcard = block.IsWildcard;
        foreach (var entry in block.Entries)
        {
            foreach (var value in entry.Values.Values)
            {
                switch (entry.Type)
                {
                    case "AWS" when value == "*":
                        _wildcard = true;
                        break;
                    case "AWS" when value.Length == 12 && value.All(char.IsAsciiDigit):
                        _accounts.Add(value);
                        break;
                    case "AWS" when IsRootArn(value, out var account):
                        _accounts.Add(account);
                        break;
                    case "AWS":
                        _arns.Add(value);
                        break;
                    case "Service":
                        _services.Add(value);
                        break;
                    case "Federated":
                        _federated.Add(value);
                        break;
                }
            }
        }
    }

    public PrincipalMatch Match(RequestPrincipal principal)
    {
        var best = _wildcard ? PrincipalMatch.Wildcard : PrincipalMatch.None;
        switch (principal.Kind)
        {
            case PrincipalKind.Service:
                return _services.Contains(principal.Name) ? PrincipalMatch.Direct : best;
            case PrincipalKind.WebIdentity:
                return _federated.Contains(principal.Name) ? PrincipalMatch.Direct : best;
            case PrincipalKind.Anonymous:
                return best;
        }

        if (_arns.Count > 0)
        {
            if (principal.Kind != PrincipalKind.Root && _arns.Contains(principal.Arn))
            {
                return PrincipalMatch.Direct;
            }

            if (best == PrincipalMatch.None && principal.Kind == PrincipalKind.AssumedRole && _arns.Contains(principal.PrincipalArn))
            {
                return PrincipalMatch.Role;
            }
        }

        if (best == PrincipalMatch.None && _accounts.Contains(principal.AccountId))
        {
            return PrincipalMatch.Account;
        }

        return best;
    }

    /// <summary>
    /// Whether NotPrincipal lists the caller: only an exact entry excludes it, so a role session is
    /// listed by its session ARN and an account entry lists only the account principal itself.
    /// </summary>
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
    public bool Lists(RequestPrincipal principal)
    {
        if (_wildcard)
        {
            return true;
        }

        return principal.Kind switch
        {
            PrincipalKind.Service => _services.Contains(principal.Name),
            PrincipalKind.WebIdentity => _federated.Contains(principal.Name),
            PrincipalKind.Anonymous => false,
            PrincipalKind.Root => _accounts.Contains(principal.AccountId),
            _ => _arns.Contains(principal.Arn),
        };
    }

    private static bool IsRootArn(string value, out string account)
    {
        account = "";
        var parts = value.Split(':');
        if (parts.Length == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[5] == "root")
        {
            account = parts[4];
            return true;
        }

        return false;
    }
}
