using Stevedore.Aws.Protocols;

namespace Stevedore.Cloud.S3;

/// <summary>S3's errors with their exact codes, messages, statuses and extra elements.</summary>
// https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList
internal static class S3Errors
{
    public static RestXmlException NoSuchBucket(string bucket) =>
        new("NoSuchBucket", "The specified bucket does not exist", 404, [new("BucketName", bucket)]);

    public static RestXmlException NoSuchKey(string key) =>
        new("NoSuchKey", "The specified key does not exist.", 404, [new("Key", key)]);

    public static RestXmlException InvalidBucketName(string bucket) =>
        new("InvalidBucketName", "The specified bucket is not valid.", 400, [new("BucketName", bucket)]);

    public static RestXmlException BucketAlreadyOwnedByYou(string bucket) =>
        new("BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you already own it.", 409, [new("BucketName", bucket)]);

    public static RestXmlException BucketAlreadyExists(string bucket) =>
        new("BucketAlreadyExists",
            "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
            409, [new("BucketName", bucket)]);

    public static RestXmlException BucketNotEmpty(string bucket) =>
        new("BucketNotEmpty", "The bucket you tried to delete is not empty", 409, [new("BucketName", bucket)]);

    public static RestXmlException NoSuchBucketPolicy(string bucket) =>
        new("NoSuchBucketPolicy", "The bucket policy does not exist", 404, [new("BucketName", bucket)]);

    public static RestXmlException NoSuchTagSet(string bucket) =>
        new("NoSuchTagSet", "The TagSet does not exist", 404, [new("BucketName", bucket)]);

    public static RestXmlException MalformedPolicy(string message) => new("MalformedPolicy", message, 400, []);

    public static RestXmlException InvalidRange(string range, long size) =>
        new("InvalidRange", "The requested range is not satisfiable", 416,
            [new("RangeRequested", range), new("ActualObjectSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture))]);

    public static RestXmlException InvalidDigest(string md5) =>
        new("InvalidDigest", "The Content-MD5 you specified is not valid.", 400, [new("Content-MD5", md5)]);

    public static RestXmlException BadDigest(string md5, string calculated) =>
        new("BadDigest", "The Content-MD5 you specified did not match what we received.", 400,
            [new("ExpectedDigest", md5), new("CalculatedDigest", calculated)]);

    public static RestXmlException BadChecksum(string algorithm) =>
        new("BadDigest", $"The {Aws.SigV4.PayloadChecksum.MessageName(algorithm)} you specified did not match the calculated checksum.", 400, []);

    public static RestXmlException InvalidArgument(string message, string name, string value) =>
        new("InvalidArgument", message, 400, [new("ArgumentName", name), new("ArgumentValue", value)]);

    /// <summary>InvalidArgument naming the argument but not repeating a value XML 1.0 cannot hold (control characters).</summary>
    public static RestXmlException InvalidArgument(string message, string name) =>
        new("InvalidArgument", message, 400, [new("ArgumentName", name)]);

    public static RestXmlException InvalidRequest(string message) => new("InvalidRequest", message, 400, []);

    public static RestXmlException EntityTooLarge(long size) =>
        new("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", 400,
            [new("ProposedSize", size.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("MaxSizeAllowed", "5368709120")]);

    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html (user metadata ≤ 2 KB); shape as S3 answers it.
    public static RestXmlException MetadataTooLarge(long size) =>
        new("MetadataTooLarge", "Your metadata headers exceed the maximum allowed metadata size", 400,
            [new("Size", size.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("MaxSizeAllowed", "2048")]);

    public static AwsServiceException IncompleteBody() => Aws.SigV4.StreamingPayload.IncompleteBody();

    public static RestXmlException MalformedXml() =>
        new("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", 400, []);

    public static RestXmlException AccessDenied(string message = "Access Denied") => new("AccessDenied", message, 403, []);
}
