using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.Events;

/// <summary>EventBridge's error codes and texts.</summary>
// https://docs.aws.amazon.com/eventbridge/latest/APIReference/CommonErrors.html and each operation's Errors section.
internal static class EventsErrors
{
    public static AwsServiceException RuleNotFound(string rule, string bus) =>
        new("ResourceNotFoundException", $"Rule {rule} does not exist on EventBus {bus}.");

    public static AwsServiceException BusNotFound(string bus) => new("ResourceNotFoundException", $"Event bus {bus} does not exist.");

    public static AwsServiceException Validation(string message) => new("ValidationException", message);

    public static AwsServiceException InvalidPattern(string reason) => new("InvalidEventPatternException", $"Event pattern is not valid. Reason: {reason}");
}
