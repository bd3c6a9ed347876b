using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Iam;

/// <summary>
/// IAM's errors with AWS's codes, statuses and texts, as recorded from real responses (LocalStack's
/// AWS-validated snapshots and quoted CLI/SDK logs); see docs/fidelity.md for the unconfirmed ones.
/// </summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html and each operation's Errors section
public static class IamErrors
{
    public static AwsServiceException RoleExists(string name) => new("EntityAlreadyExists", $"Role with name {name} already exists.", 409);

    public static AwsServiceException UserExists(string name) => new("EntityAlreadyExists", $"User with name {name} already exists.", 409);

    public static AwsServiceException PolicyExists(string name) =>
        new("EntityAlreadyExists", $"A policy called {name} already exists. Duplicate names are not allowed.", 409);

    public static AwsServiceException NoSuchRole(string name) => new("NoSuchEntity", $"The role with name {name} cannot be found.", 404);

    public static AwsServiceException NoSuchUser(string name) => new("NoSuchEntity", $"The user with name {name} cannot be found.", 404);

    public static AwsServiceException NoSuchRolePolicy(string name) => new("NoSuchEntity", $"The role policy with name {name} cannot be found.", 404);

    public static AwsServiceException NoSuchUserPolicy(string name) => new("NoSuchEntity", $"The user policy with name {name} cannot be found.", 404);

    public static AwsServiceException NoSuchAccessKey(string id) => new("NoSuchEntity", $"The Access Key with id {id} cannot be found.", 404);

    public static AwsServiceException NoSuchPolicy(string arn) => new("NoSuchEntity", $"Policy {arn} was not found.", 404);

    public static AwsServiceException NotAttachable(string arn) => new("NoSuchEntity", $"Policy {arn} does not exist or is not attachable.", 404);

    public static AwsServiceException NoSuchPolicyVersion(string arn, string versionId) =>
        new("NoSuchEntity", $"Policy {arn} version {versionId} does not exist or is not attachable.", 404);

    public static AwsServiceException NoSuchBoundary(string arn) => new("NoSuchEntity", $"Scope ARN: {arn} does not exist or is not attachable.", 404);

    public static AwsServiceException ServiceRolePolicyNotAttachable() =>
        new("PolicyNotAttachable", "Cannot attach a Service Role Policy to a Customer Role.", 400);

    public static AwsServiceException MustDetachPolicies() => new("DeleteConflict", "Cannot delete entity, must detach all policies first.", 409);

    public static AwsServiceException MustDeletePolicies() => new("DeleteConflict", "Cannot delete entity, must delete policies first.", 409);

    public static AwsServiceException MustDeleteAccessKeys() => new("DeleteConflict", "Cannot delete entity, must delete access keys first.", 409);

    public static AwsServiceException PolicyAttached() => new("DeleteConflict", "Cannot delete a policy attached to entities.", 409);

    public static AwsServiceException PolicyHasVersions() => new("DeleteConflict",
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.", 409);

    public static AwsServiceException DefaultVersion() => new("DeleteConflict", "Cannot delete the default version of a policy.", 409);

    public static AwsServiceException TooManyVersions() => new("LimitExceeded",
        "A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.", 409);

    public static AwsServiceException PoliciesPerRole(int quota) => new("LimitExceeded", $"Cannot exceed quota for PoliciesPerRole: {quota}", 409);

    public static AwsServiceException PoliciesPerUser(int quota) => new("LimitExceeded", $"Cannot exceed quota for PoliciesPerUser: {quota}", 409);

    /// <summary>TagRole past 50 tags in all (unconfirmed text; the quota name is IAM's).</summary>
    public static AwsServiceException TagsPerRole(int quota) => new("LimitExceeded", $"Cannot exceed quota for TagsPerRole: {quota}", 409);

    public static AwsServiceException AccessKeysPerUser() => new("LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2", 409);

    public static AwsServiceException InvalidArn(string arn) => new("ValidationError", $"ARN {arn} is not valid.", 400);

    public static AwsServiceException InvalidBoundaryArn(string arn) => new("InvalidInput", $"ARN {arn} is not valid.", 400);

    public static AwsServiceException DuplicateRoleTags() => new("InvalidInput", "Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400);

    public static AwsServiceException InvalidPath() => new("ValidationError",
        "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.", 400);

    /// <summary>A managed policy of another account (or AWS's own) changed by a customer; the texts AWS returns per operation.</summary>
    public static AwsServiceException OutsideAccount(string operation) => new("AccessDenied", operation switch
    {
        "CreatePolicyVersion" => "Cannot create versions for policies outside your own account.",
        "SetDefaultPolicyVersion" => "Cannot update policies outside your own account.",
        "DeletePolicyVersion" => "Cannot delete policy versions for policies outside your own account.",
        _ => "Cannot delete policies outside your own account.",
    }, 403);

    /// <summary>A policy the engine rejected, in IAM's terms: the document pattern is a ValidationError, a quota
    /// LimitExceeded (409), anything else MalformedPolicyDocument.</summary>
    public static AwsServiceException From(Policy.Parsing.PolicyError error) => error.Code switch
    {
        Policy.Parsing.PolicyError.LimitExceeded => Limit(error.Message),
        Policy.Parsing.PolicyError.ValidationError => new AwsServiceException(AwsServiceException.QueryValidationCode, error.Message, 400),
        _ => Malformed(error.Message),
    };

    public static AwsServiceException Malformed(string message) => new("MalformedPolicyDocument", message, 400);

    public static AwsServiceException Limit(string message) => new("LimitExceeded", message, 409);
}
