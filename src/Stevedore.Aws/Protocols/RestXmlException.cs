namespace Stevedore.Aws.Protocols;

/// <summary>
/// An error whose REST-XML body carries more than code and message: S3's <c>&lt;BucketName&gt;</c>, <c>&lt;Key&gt;</c>,
/// <c>&lt;Condition&gt;</c> … elements after <c>&lt;Message&gt;</c>, in the order given.
/// </summary>
public sealed class RestXmlException(string code, string message, int httpStatus, IReadOnlyList<KeyValuePair<string, string>> details)
    : AwsServiceException(code, message, httpStatus)
{
    /// <summary>The extra elements of the error body, in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Details { get; } = details;
}
