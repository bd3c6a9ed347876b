using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Logs;

/// <summary>CloudWatch Logs' error codes and texts.</summary>
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/CommonErrors.html and each operation's Errors section.
internal static class LogsErrors
{
    public static AwsServiceException GroupNotFound() => new("ResourceNotFoundException", "The specified log group does not exist.");

    public static AwsServiceException StreamNotFound() => new("ResourceNotFoundException", "The specified log stream does not exist.");

    public static AwsServiceException GroupExists() => new("ResourceAlreadyExistsException", "The specified log group already exists");

    public static AwsServiceException StreamExists() => new("ResourceAlreadyExistsException", "The specified log stream already exists");

    public static AwsServiceException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static AwsServiceException InvalidToken() => InvalidParameter("The specified nextToken is invalid.");
}
