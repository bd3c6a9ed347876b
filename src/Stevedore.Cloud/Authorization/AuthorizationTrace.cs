namespace Stevedore.Cloud.Authorization;

/// <summary>Receives each authorization the authorizer makes for a request that asked to be traced.</summary>
public interface IAuthorizationTrace
{
    void Record(AuthorizationRecord record);
}

/// <summary>One authorization: who asked to do what on what, with which context keys, and what decided it.</summary>
/// <param name="Decision"><c>Allow</c>, <c>ExplicitDeny</c> or <c>ImplicitDeny</c>.</param>
/// <param name="DecidingStatements">The statements that decided (the allows that granted, or the denies), as
/// <c>POLICY (TYPE) Statement[i] Sid=… Effect</c>.</param>
/// <param name="Message">The AccessDenied text for a denial.</param>
/// <param name="VpcEndpointId">The VPC endpoint the request went through, if any.</param>
public sealed record AuthorizationRecord(
    string Principal,
    string Action,
    string Resource,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Context,
    string Decision,
    IReadOnlyList<string> DecidingStatements,
    string? Message,
    string? VpcEndpointId);
