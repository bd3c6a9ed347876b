using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Ssm;

/// <summary>Parameter Store's errors, with AWS's codes and texts.</summary>
public static class SsmErrors
{
    // The invalid-name text AWS answers for bad characters, an unrooted hierarchy and the "ssm" prefix; seen verbatim in
    // https://github.com/aws/aws-sdk-php/issues/1952 and https://github.com/localstack/localstack/issues/7712.
    public const string InvalidNameMessage =
        "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_";

    // GetParametersByPath's text for a path that does not start with "/"; AWS escapes the quotes around aws and ssm
    // (backslashes are part of the message): https://github.com/aws/aws-sdk-js-v3/issues/5928
    public const string InvalidPathMessage =
        "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\". It can't be prefixed with \\\"aws\\\" or \\\"ssm\\\" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". Valid example: /get/parameters2-/by1./path0_.";

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException InvalidName() => Validation(InvalidNameMessage);

    /// <summary>A write under the reserved <c>aws</c> prefix (https://github.com/awslabs/aws-deployment-framework/issues/119).</summary>
    public static AwsServiceException ReservedName(string name) =>
        new("AccessDeniedException", $"No access to reserved parameter name: {SsmNames.KeyOf(name)}.");

    /// <summary>AWS answers ParameterNotFound without a message (https://github.com/awslabs/aws-simple-cicd/issues/10).</summary>
    public static AwsServiceException NotFound() => new("ParameterNotFound", "");

    public static AwsServiceException VersionNotFound(string name, string selector) =>
        new("ParameterVersionNotFound", $"Systems Manager could not find version {selector} of {name}. Verify the version and try again.");

    public static AwsServiceException AlreadyExists() =>
        new("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");

    // https://github.com/hashicorp/terraform-provider-aws/issues/18550 (AWS's answer quoted there)
    public static AwsServiceException TagsWithOverwrite() => Validation(
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.");

    // https://github.com/aws/aws-sdk-net/issues/3157 (AWS's answer quoted there)
    public static AwsServiceException StandardTooLarge() => Validation(
        "Standard tier parameters support a maximum parameter value of 4096 characters. To create a larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html");

    public static AwsServiceException AdvancedTooLarge() => Validation(
        "Advanced tier parameters support a maximum parameter value of 8192 characters.");

    public static AwsServiceException Downgrade() => Validation(
        "This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter and recreate it as a standard parameter.");

    public static AwsServiceException TypeRequired() => Validation("A parameter type is required when you create a parameter.");

    public static AwsServiceException HierarchyTooDeep() => new(
        "HierarchyLevelLimitExceededException",
        "A hierarchy can have a maximum of 15 levels. For more information, see Requirements and constraints for parameter names in the Amazon Web Services Systems Manager User Guide.");

    public static AwsServiceException PatternMismatch(string pattern) =>
        new("ParameterPatternMismatchException", $"Parameter value, cannot be validated against allowedPattern: {pattern}");

    public static AwsServiceException InvalidPattern(string pattern) =>
        new("InvalidAllowedPatternException", $"The allowed pattern {pattern} is not a valid regular expression.");

    public static AwsServiceException UnsupportedDataType(string dataType) =>
        Validation($"The following data type is not supported: {dataType} (Data type names are all lowercase.)");

    // https://github.com/sous-chefs/aws/issues/419 (AWS's answer quoted there)
    public static AwsServiceException SecretNeedsDecryption() =>
        Validation("WithDecryption flag must be True for retrieving a Secret Manager secret.");

    public static AwsServiceException InvalidNextToken() => new("InvalidNextToken", "The specified token is not valid.");

    public static AwsServiceException InvalidFilterKey() => new("InvalidFilterKey", "");

    public static AwsServiceException InvalidFilterOption(string message) => new("InvalidFilterOption", message);

    public static AwsServiceException InvalidResourceId() => new("InvalidResourceId", "");

    public static AwsServiceException InvalidResourceType() => new("InvalidResourceType", "");

    public static AwsServiceException TooManyTags() =>
        new("TooManyTagsError", "The Tags parameter exceeds the maximum number of tags allowed for a resource (50).");
}
