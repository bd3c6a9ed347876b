using Stevedore.Policy.Document;

namespace Stevedore.Policy.Evaluation;

public enum DecisionKind
{
    Allowed,
    ExplicitDeny,
    ImplicitDeny,
}

/// <summary>The outcome of authorizing a request and which kind of policy decided it.</summary>
/// <param name="DecidedBy">For a deny, the policy type named in the AccessDenied message; for an allow, the type that granted.</param>
public readonly record struct Decision(DecisionKind Kind, PolicyType DecidedBy)
{
    public bool IsAllowed => Kind == DecisionKind.Allowed;

    internal static Decision Allow(PolicyType by) => new(DecisionKind.Allowed, by);

    internal static Decision Explicit(PolicyType by) => new(DecisionKind.ExplicitDeny, by);

    internal static Decision Implicit(PolicyType by) => new(DecisionKind.ImplicitDeny, by);
}
