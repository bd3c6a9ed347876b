using Stevedore.Policy.Document;
using Stevedore.Policy.Matching;

namespace Stevedore.Policy.Evaluation;

/// <summary>What one policy says about one request.</summary>
/// <param name="AllowMatch">How the strongest matching Allow statement named the caller (None when no Allow matched).</param>
public readonly record struct PolicyOutcome(bool ExplicitDeny, bool Allowed, PrincipalMatch AllowMatch);

/// <summary>An immutable, compiled policy: parse once, evaluate many times.</summary>
public sealed class CompiledPolicy
{
    internal CompiledPolicy(string id, PolicyType type, PolicyDocument document)
    {
        Id = id;
        Type = type;
        Document = document;
        var namesPrincipals = type.NamesPrincipals();
        var statements = new CompiledStatement[document.Statements.Count];
        for (var i = 0; i < statements.Length; i++)
        {
            statements[i] = new CompiledStatement(i, document.Statements[i], document.SupportsVariables, namesPrincipals);
        }

        Statements = statements;
        var keys = new HashSet<string>(statements.SelectMany(s => s.ContextKeys), StringComparer.OrdinalIgnoreCase);
        ContextKeys = keys.Count == 0 ? null : keys;
    }

    /// <summary>The request context keys any statement reads (case-insensitive); null when none does.</summary>
    internal HashSet<string>? ContextKeys { get; }

    /// <summary>Whether some statement reads the request context key <paramref name="key"/>.</summary>
    public bool Reads(string key) => ContextKeys?.Contains(key) == true;

    /// <summary>The policy's name or ARN, as explanations show it.</summary>
    public string Id { get; }

    public PolicyType Type { get; }

    public PolicyDocument Document { get; }

    public CompiledStatement[] Statements { get; }

    /// <summary>Evaluates every statement; allocates nothing when no statement value holds a variable.</summary>
    /// <param name="hasBoundary">Whether the caller has a permissions boundary (see <see cref="CompiledStatement.MatchPrincipal"/>).</param>
    public PolicyOutcome Evaluate(AuthorizationRequest request, bool hasBoundary = false)
    {
        var allow = false;
        var best = PrincipalMatch.None;
        var statements = Statements;
        for (var i = 0; i < statements.Length; i++)
        {
            var statement = statements[i];
            if (!statement.MatchesAction(request.Action) || !statement.MatchesResource(request.Resource, request.Context))
            {
                continue;
            }

            var match = statement.MatchPrincipal(request.Principal, hasBoundary);
            if (match == PrincipalMatch.None || !statement.ConditionsHold(request.Context))
            {
                continue;
            }

            if (statement.IsDeny)
            {
                // An explicit deny decides the policy; nothing else in it matters.
                return new PolicyOutcome(true, false, PrincipalMatch.None);
            }
            else
            {
                allow = true;
                if (match > best)
                {
                    best = match;
                }
            }
        }

        return new PolicyOutcome(false, allow, best);
    }
}
