namespace Stevedore.Cloud.Sts;

/// <summary>
/// Temporary credentials issued by AssumeRole or GetSessionToken, kept so each later request can be
/// verified (secret, token, expiry) and attributed to its session.
/// </summary>
/// <param name="RoleArn">For an assumed-role session, the role's ARN (with path); null for GetSessionToken.</param>
/// <param name="UserName">For a GetSessionToken session, the IAM user (null for the account root).</param>
/// <param name="SessionPolicies">Session policies passed with <c>Policy</c> and <c>PolicyArns</c>, as documents.</param>
/// <param name="Chained">Whether the session was made from another role session (role chaining).</param>
public sealed record SessionRecord(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expiration,
    string AccountId,
    string? RoleArn,
    string? RoleId,
    string? RoleSessionName,
    string? UserName,
    IReadOnlyList<string>? SessionPolicies,
    IReadOnlyDictionary<string, string> SessionTags,
    bool Chained);
