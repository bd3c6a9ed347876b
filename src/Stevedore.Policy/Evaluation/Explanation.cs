using Stevedore.Policy.Document;

namespace Stevedore.Policy.Evaluation;

/// <summary>A statement, located by policy and position.</summary>
public sealed record StatementRef(string PolicyId, PolicyType PolicyType, int StatementIndex, string? Sid, PolicyEffect Effect)
{
    public override string ToString() =>
        $"{PolicyId} ({PolicyType}) Statement[{StatementIndex}]{(Sid is null ? "" : $" Sid={Sid}")} {Effect}";
}

/// <summary>A condition that did not hold in a statement whose action, resource and principal matched.</summary>
public sealed record ConditionFailure(
    StatementRef Statement,
    string Operator,
    string Key,
    IReadOnlyList<string> PolicyValues,
    IReadOnlyList<string>? RequestValues,
    string Reason);

/// <summary>A decision with why: the deciding statements, what matched, what failed and what was missing.</summary>
/// <param name="Message">The AccessDenied message for a denial; null when allowed.</param>
/// <param name="DecidingStatements">Explicit denies that decided, or the allows that granted.</param>
/// <param name="MatchedStatements">Every statement that applied to the request, in every policy.</param>
/// <param name="MissingContextKeys">Condition keys and variables the policies read that the request did not carry.</param>
public sealed record Explanation(
    Decision Decision,
    string? Message,
    IReadOnlyList<StatementRef> DecidingStatements,
    IReadOnlyList<StatementRef> MatchedStatements,
    IReadOnlyList<ConditionFailure> FailedConditions,
    IReadOnlyList<string> MissingContextKeys);
