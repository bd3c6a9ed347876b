namespace Stevedore.Cloud.Iam.Model;

/// <summary>A key/value tag on an IAM entity.</summary>
public sealed record Tag(string Key, string Value);

/// <summary>An inline policy embedded in a role or user: the document exactly as it was put.</summary>
public sealed record InlinePolicy(string PolicyName, string Document);

/// <summary>An IAM role: its trust policy, its permissions (inline and attached) and its boundary.</summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_Role.html
public sealed record Role(
    string AccountId,
    string RoleName,
    string RoleId,
    string Path,
    string Arn,
    DateTimeOffset CreateDate,
    string AssumeRolePolicyDocument,
    string? Description,
    int MaxSessionDuration,
    string? PermissionsBoundaryArn,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<InlinePolicy> InlinePolicies,
    IReadOnlyList<string> AttachedPolicyArns);

/// <summary>An IAM user, for testing enforcement with long-term keys.</summary>
public sealed record User(
    string AccountId,
    string UserName,
    string UserId,
    string Path,
    string Arn,
    DateTimeOffset CreateDate,
    string? PermissionsBoundaryArn,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<InlinePolicy> InlinePolicies,
    IReadOnlyList<string> AttachedPolicyArns);

/// <summary>A long-term access key of a user (or of an account root, from configuration).</summary>
public sealed record AccessKey(
    string AccessKeyId,
    string SecretAccessKey,
    string AccountId,
    string UserName,
    string Status,
    DateTimeOffset CreateDate);

/// <summary>One version of a managed policy.</summary>
public sealed record PolicyVersion(string VersionId, string Document, bool IsDefaultVersion, DateTimeOffset CreateDate);

/// <summary>A managed policy: customer managed (in an account) or AWS managed (account <c>aws</c>).</summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_Policy.html
public sealed record ManagedPolicy(
    string AccountId,
    string PolicyName,
    string PolicyId,
    string Path,
    string Arn,
    string? Description,
    DateTimeOffset CreateDate,
    DateTimeOffset UpdateDate,
    IReadOnlyList<Tag> Tags,
    IReadOnlyList<PolicyVersion> Versions,
    int NextVersionNumber)
{
    public bool IsAwsManaged => AccountId == "aws";

    public PolicyVersion DefaultVersion => Versions.First(v => v.IsDefaultVersion);
}
