using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// Verifies S3's AWS Signature Version 2: the <c>Authorization: AWS AKID:signature</c> header and query-string
/// authentication (<c>AWSAccessKeyId</c>, <c>Signature</c>, <c>Expires</c>), which boto3 and <c>aws s3 presign</c> still
/// produce for presigned URLs. HMAC-SHA1 over method, Content-MD5, Content-Type, date (or Expires), the canonicalized
/// <c>x-amz-*</c> headers and the canonicalized resource. Pure: the caller passes <c>now</c>.
/// </summary>
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html
public static class SigV2Verifier
{
    private const string Service = "s3";
    private const string Region = "us-east-1";

    // The query parameters that are part of the canonicalized resource (sub-resources and response overrides).
    // https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html#ConstructingTheCanonicalizedResourceElement
    private static readonly HashSet<string> SubResources = new(StringComparer.Ordinal)
    {
        "accelerate", "acl", "analytics", "cors", "delete", "inventory", "legal-hold", "lifecycle", "location", "logging",
        "metrics", "notification", "object-lock", "partNumber", "policy", "replication", "requestPayment", "restore",
        "retention", "select", "select-type", "storageClass", "tagging", "torrent", "uploadId", "uploads", "versionId",
        "versioning", "versions", "website", "response-cache-control", "response-content-disposition",
        "response-content-encoding", "response-content-language", "response-content-type", "response-expires",
    };

    /// <summary>True when <paramref name="request"/> is signed with SigV2 (header <c>AWS …</c> or an <c>AWSAccessKeyId</c> query).</summary>
    public static bool Applies(SignedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authorization = Header(request, "authorization");
        if (authorization is not null)
        {
            return authorization.StartsWith("AWS ", StringComparison.Ordinal);
        }

        return SigV4Canonical.SplitQuery(request.RawQuery).Any(static p => p.Name == "AWSAccessKeyId");
    }

    /// <summary>Verifies a SigV2-signed S3 request.</summary>
    public static SigV4Result Verify(SignedRequest request, ICredentialLookup lookup, DateTimeOffset now, TimeSpan maxClockSkew)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lookup);
        now = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var query = Query(request.RawQuery);
        var authorization = Header(request, "authorization");
        var presigned = authorization is null;

        string accessKeyId, signature, dateLine;
        DateTimeOffset time;
        string? token;
        if (presigned)
        {
            if (!query.TryGetValue("AWSAccessKeyId", out accessKeyId!) || !query.TryGetValue("Signature", out signature!) ||
                !query.TryGetValue("Expires", out dateLine!))
            {
                return Fail(AccessDenied("Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters"));
            }

            if (!long.TryParse(dateLine, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
            {
                return Fail(AccessDenied($"Invalid date (should be seconds since epoch): {dateLine}"));
            }

            time = DateTimeOffset.FromUnixTimeSeconds(Math.Min(epoch, 253402300799));
            if (time < now)
            {
                return Fail(AccessDenied("Request has expired") with { Kind = AuthFailureKind.PresignExpired, ExpiredAt = time, ServerTime = now });
            }

            token = Header(request, "x-amz-security-token") ?? query.GetValueOrDefault("x-amz-security-token");
        }
        else
        {
            var credentials = authorization!["AWS ".Length..].Trim();
            var colon = credentials.LastIndexOf(':');
            if (colon <= 0)
            {
                return Fail(new SigV4Error("InvalidArgument", "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature", 400));
            }

            accessKeyId = credentials[..colon];
            signature = credentials[(colon + 1)..];
            var amzDate = Header(request, "x-amz-date");
            var date = Header(request, "date");
            // With x-amz-date the Date line of the string to sign is empty.
            dateLine = amzDate is null ? date ?? "" : "";
            if (!TryParseHttpDate(amzDate ?? date, out time))
            {
                return Fail(AccessDenied("AWS authentication requires a valid Date or x-amz-date header"));
            }

            if (time < now - maxClockSkew || time > now + maxClockSkew)
            {
                return Fail(new SigV4Error("RequestTimeTooSkewed", "The difference between the request time and the current time is too large.", 403)
                {
                    Kind = AuthFailureKind.ClockSkew,
                    RequestTime = amzDate ?? date,
                    ServerTime = now,
                });
            }

            token = Header(request, "x-amz-security-token");
        }

        if (!lookup.TryGet(accessKeyId, out var credential))
        {
            return Fail(new SigV4Error(SigV4Messages.InvalidClientTokenIdCode, SigV4Messages.InvalidClientTokenId, 403)
            {
                Kind = AuthFailureKind.UnknownAccessKey,
                AccessKeyId = accessKeyId,
            });
        }

        if (credential.SessionToken != token)
        {
            return Fail(new SigV4Error(SigV4Messages.InvalidClientTokenIdCode, SigV4Messages.InvalidClientTokenId, 403)
            {
                Kind = AuthFailureKind.InvalidToken,
                AccessKeyId = accessKeyId,
            });
        }

        if (credential.Expiration is { } expiration && expiration <= now)
        {
            return Fail(new SigV4Error(SigV4Messages.ExpiredTokenCode, SigV4Messages.ExpiredToken, 400)
            {
                Kind = AuthFailureKind.ExpiredToken,
                AccessKeyId = accessKeyId,
            });
        }

        var stringToSign = StringToSign(request, dateLine, presigned, query, bucketSlash: true);
        if (!Matches(Sign(credential.SecretAccessKey, stringToSign), signature))
        {
            // A bucket's resource is "/bucket/" (botocore signs it so); accept "/bucket" as well, as other signers write it.
            var bare = StringToSign(request, dateLine, presigned, query, bucketSlash: false);
            if (bare != stringToSign && Matches(Sign(credential.SecretAccessKey, bare), signature))
            {
                return SigV4Result.Success(credential, Region, Service, [], presigned, time);
            }

            return Fail(new SigV4Error(
                SigV4Messages.SignatureDoesNotMatchCode,
                SigV4Messages.SignatureMismatch + "\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n",
                403)
            {
                Kind = AuthFailureKind.SignatureMismatch,
                AccessKeyId = accessKeyId,
                SignatureProvided = signature,
                StringToSign = stringToSign,
            });
        }

        return SigV4Result.Success(credential, Region, Service, [], presigned, time);
    }

    /// <summary>The SigV2 string to sign for <paramref name="request"/>; <paramref name="dateLine"/> is the Date header or Expires.</summary>
    public static string StringToSign(SignedRequest request, string dateLine, bool presigned)
    {
        ArgumentNullException.ThrowIfNull(request);
        return StringToSign(request, dateLine, presigned, Query(request.RawQuery));
    }

    /// <summary>Base64 HMAC-SHA1 of <paramref name="stringToSign"/> under <paramref name="secretAccessKey"/>.</summary>
    public static string Sign(string secretAccessKey, string stringToSign) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secretAccessKey), Encoding.UTF8.GetBytes(stringToSign)));

    private static bool Matches(string expected, string provided) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.UTF8.GetBytes(provided));

    private static string StringToSign(SignedRequest request, string dateLine, bool presigned, Dictionary<string, string> query, bool bucketSlash = true)
    {
        var sb = new StringBuilder(256);
        sb.Append(request.Method.ToUpperInvariant()).Append('\n');
        sb.Append(Header(request, "content-md5")?.Trim() ?? "").Append('\n');
        sb.Append(Header(request, "content-type")?.Trim() ?? "").Append('\n');
        sb.Append(dateLine).Append('\n');
        AppendAmzHeaders(request, presigned, query, sb);
        AppendResource(request, bucketSlash, sb);
        return sb.ToString();
    }

    private static void AppendAmzHeaders(SignedRequest request, bool presigned, Dictionary<string, string> query, StringBuilder sb)
    {
        var amz = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in request.Headers)
        {
            var lower = name.ToLowerInvariant();
            if (lower.StartsWith("x-amz-", StringComparison.Ordinal) && (!presigned || lower != "x-amz-date"))
            {
                Add(amz, lower, value);
            }
        }

        if (presigned)
        {
            // A presigned URL carries the x-amz-* values it was signed with (the security token) as query parameters.
            foreach (var (name, value) in query)
            {
                var lower = name.ToLowerInvariant();
                if (lower.StartsWith("x-amz-", StringComparison.Ordinal) && !amz.ContainsKey(lower))
                {
                    Add(amz, lower, value);
                }
            }
        }

        foreach (var (name, values) in amz)
        {
            sb.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }
    }

    private static void Add(SortedDictionary<string, List<string>> amz, string name, string value)
    {
        if (!amz.TryGetValue(name, out var values))
        {
            values = [];
            amz[name] = values;
        }

        values.Add(SigV4Canonical.CanonicalHeaderValue([value]));
    }

    private static void AppendResource(SignedRequest request, bool bucketSlash, StringBuilder sb)
    {
        var bucket = S3VirtualHost.Bucket(Header(request, "host") ?? request.Host);
        var path = request.RawPath.Length == 0 ? "/" : request.RawPath;
        if (bucket is not null)
        {
            path = "/" + bucket + path;
        }

        // The bucket itself (path-style "/bucket", virtual-hosted "/"): "/bucket/".
        if (path.Length > 1 && path.IndexOf('/', 1) < 0 && bucketSlash)
        {
            path += "/";
        }
        else if (!bucketSlash && path.Length > 2 && path.EndsWith('/') && path.IndexOf('/', 1) == path.Length - 1)
        {
            path = path[..^1];
        }

        sb.Append(path);
        var separator = '?';
        foreach (var (name, value) in SigV4Canonical.SplitQuery(request.RawQuery)
                     .Select(static p => (Name: SigV4Canonical.PercentDecode(p.Name), p.Value))
                     .Where(p => SubResources.Contains(p.Name))
                     .OrderBy(static p => p.Name, StringComparer.Ordinal))
        {
            sb.Append(separator).Append(name);
            if (value.Length > 0)
            {
                // Sub-resource values are signed decoded.
                sb.Append('=').Append(SigV4Canonical.PercentDecode(value));
            }

            separator = '&';
        }
    }

    private static bool TryParseHttpDate(string? text, out DateTimeOffset time)
    {
        time = default;
        if (text is null)
        {
            return false;
        }

        text = text.Trim();
        return DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out time) ||
               DateTimeOffset.TryParseExact(text, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time) ||
               DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    private static Dictionary<string, string> Query(string rawQuery)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in SigV4Canonical.SplitQuery(rawQuery))
        {
            result.TryAdd(SigV4Canonical.PercentDecode(name), SigV4Canonical.PercentDecode(value));
        }

        return result;
    }

    private static string? Header(SignedRequest request, string lowerName)
    {
        foreach (var (name, value) in request.Headers)
        {
            if (string.Equals(name, lowerName, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static SigV4Error AccessDenied(string message) => new("AccessDenied", message, 403);

    private static SigV4Result Fail(SigV4Error error) => SigV4Result.Failure(error, Service, Region);
}
