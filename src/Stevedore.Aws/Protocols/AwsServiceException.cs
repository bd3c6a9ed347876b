namespace Stevedore.Aws.Protocols;

/// <summary>
/// An error AWS would answer, independent of the wire protocol: every layer (protocol decoding,
/// authentication, authorization, service code) throws it, and the protocol's error encoder
/// renders it (<see cref="QueryErrorEncoder"/> for Query/XML).
/// </summary>
public class AwsServiceException : Exception
{
    /// <summary>Creates an error with its wire code, message, HTTP status and fault.</summary>
    /// <param name="code">The error code on the wire (<c>NoSuchEntity</c>).</param>
    /// <param name="message">The message exactly as AWS words it.</param>
    /// <param name="httpStatus">The HTTP status (400 unless the error says otherwise).</param>
    /// <param name="senderFault">True for the caller's fault (<c>Sender</c>), false for the service's (<c>Receiver</c>).</param>
    public AwsServiceException(string code, string message, int httpStatus = 400, bool senderFault = true)
        : base(message)
    {
        Code = code;
        HttpStatus = httpStatus;
        SenderFault = senderFault;
    }

    /// <summary>The error code on the wire.</summary>
    public string Code { get; }

    /// <summary>The HTTP status code.</summary>
    public int HttpStatus { get; }

    /// <summary>True when the caller is at fault (<c>Sender</c>), false for the service (<c>Receiver</c>).</summary>
    public bool SenderFault { get; }

    /// <summary>The Query protocol's validation error code (JSON protocols use <c>ValidationException</c>).</summary>
    public const string QueryValidationCode = "ValidationError";

    /// <summary>
    /// AWS's model-validation error: <c>1 validation error detected: …</c> or
    /// <c>N validation errors detected: …; …</c>, HTTP 400.
    /// </summary>
    public static AwsServiceException Validation(IReadOnlyList<string> violations, string code = QueryValidationCode)
    {
        ArgumentOutOfRangeException.ThrowIfZero(violations.Count);
        return new AwsServiceException(code, ModelValidator.FormatMessage(violations));
    }

    /// <summary>The Query protocol's answer to an action the service does not have: <c>InvalidAction</c>, 400.</summary>
    public static AwsServiceException InvalidAction(string action, string version) =>
        new("InvalidAction", $"Could not find operation {action} for version {version}");

    /// <summary>
    /// An operation the real service has but Stevedore does not implement: <c>InternalFailure</c>
    /// with HTTP 501, as LocalStack answers (501 is not retried by the SDKs).
    /// </summary>
    public static AwsServiceException NotImplemented(string serviceName, string operation) =>
        new("InternalFailure", $"API action '{operation}' for service '{serviceName}' not yet implemented", 501, senderFault: false);
}
