namespace Stevedore.Policy.Parsing;

/// <summary>The texts IAM returns for malformed policies. Kept in one place so each is written once.</summary>
// Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html and the
// messages real IAM returns as collected in ../shared/reference/iam-policy-semantics.md (A1, A5).
public static class PolicyMessages
{
    public const string SyntaxErrors = "Syntax errors in policy.";
    public const string VersionTooOld = "Policy document must be version 2012-10-17 or greater.";
    public const string ShouldNotSpecifyPrincipal = "Policy document should not specify a principal.";
    public const string InvalidJsonTrust = "This policy contains invalid Json";
    public const string MissingPrincipal = "Missing required field Principal";
    public const string TrustWithoutPrincipal = "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: The passed in policy has a statement with no principals!";
    public const string ProhibitedResource = "Has prohibited field Resource";
    public const string NotPrincipalProhibited = "Has prohibited field NotPrincipal";
    public const string MissingActions = "Policy statement must contain actions.";
    public const string MissingResources = "Policy statement must contain resources.";
    public const string VendorPrefix = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    public const string OneColon = "Actions/Condition can contain only one colon.";
    public const string DuplicateSid = "Statement IDs (SID) in a single policy must be unique.";
    public const string SidCharacters = "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*";
    public const string TrustActions = "AssumeRole policy may only specify STS AssumeRole actions.";
    public const string LegacyParsing = "The policy failed legacy parsing";
    public const string DocumentPattern = "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+";

    public static string VendorNotValid(string vendor) => $"Vendor {vendor} is not valid";

    public static string ResourceNotArn(string resource) => $"Resource {resource} must be in ARN format or \"*\".";

    public static string PartitionNotValid(string partition, string resource) => $"Partition \"{partition}\" is not valid for resource \"{resource}\".";

    public const string ResourceVendor = "Resource vendor must be fully qualified and cannot contain regexes.";

    public static string IamResourceRegion(string resource) => $"IAM resource {resource} cannot contain region information.";

    public static string InvalidPrincipal(string type, string value) => $"Invalid principal in policy: \"{type}\":\"{value}\"";

    public const string AclSizePerRole = "Cannot exceed quota for ACLSizePerRole: {0}";
    public const string PolicySize = "Cannot exceed quota for PolicySize: {0}";
    public const string RolePolicySize = "Maximum policy size of {0} bytes exceeded for role {1}";
}
