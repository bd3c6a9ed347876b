using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Stevedore.Aws.SigV4;

/// <summary>Options for <see cref="SigV4Verifier"/>.</summary>
public sealed record SigV4VerifyOptions
{
    /// <summary>Defaults: path encoding chosen by service (single for <c>s3</c>), 15 minutes of allowed clock skew.</summary>
    public static SigV4VerifyOptions Default { get; } = new();

    /// <summary>
    /// True: the canonical URI is the path encoded once and not normalized (S3). False: normalized and encoded twice
    /// (every other service). Null: decided from the credential scope's service.
    /// </summary>
    public bool? SingleEncodePath { get; init; }

    /// <summary>How far the request time may be from now for header-signed requests.</summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>What the request claimed: parsed from the Authorization header or the presigned query.</summary>
internal sealed record ParsedAuth(
    bool Presigned,
    string Credential,
    string AccessKeyId,
    string ScopeDate,
    string Region,
    string Service,
    string Terminator,
    string Scope,
    IReadOnlyList<string> SignedHeaders,
    string Signature,
    string TimeText,
    DateTimeOffset Time,
    string? SessionToken,
    int? ExpiresSeconds);

/// <summary>
/// Verifies AWS Signature Version 4 (Authorization header and presigned query) the way AWS does, answering with
/// AWS's own error codes and texts. Pure: no I/O, no clock (the caller passes <c>now</c>).
/// </summary>
public static class SigV4Verifier
{
    /// <summary>The only algorithm SigV4 defines.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    private const string UnsignedPayload = "UNSIGNED-PAYLOAD";
    private const int MaxPresignSeconds = 604800;

    private static readonly SigningKeyCache KeyCache = SigningKeyCache.Shared;
    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly Dictionary<string, string> EmptyQuery = new(StringComparer.Ordinal);

    /// <summary>Verifies <paramref name="request"/> with default options.</summary>
    public static SigV4Result Verify(SignedRequest request, ICredentialLookup lookup, DateTimeOffset now) =>
        Verify(request, lookup, now, SigV4VerifyOptions.Default);

    /// <summary>Verifies <paramref name="request"/>.</summary>
    public static SigV4Result Verify(SignedRequest request, ICredentialLookup lookup, DateTimeOffset now, SigV4VerifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(lookup);
        ArgumentNullException.ThrowIfNull(options);

        var authorization = FirstHeader(request, "authorization");
        var query = ParseQuery(request.RawQuery);
        var presigned = authorization is null && query.ContainsKey("X-Amz-Algorithm");
        if (authorization is null && !presigned)
        {
            return Fail(SigV4Messages.MissingAuthenticationTokenCode, SigV4Messages.MissingAuthenticationToken, 403);
        }

        var (auth, parseError) = presigned ? ParseQueryAuth(query) : ParseHeaderAuth(authorization!, request);
        if (auth is null)
        {
            return SigV4Result.Failure(parseError!);
        }

        // Clock: header-signed requests must be within the skew window; presigned ones within X-Amz-Expires.
        var window = options.MaxClockSkew;
        now = TruncateToSeconds(now);
        if (auth.Time > now + window)
        {
            return SigV4Result.Failure(
                SignatureError(SigV4Messages.SignatureNotYetCurrent(auth.TimeText, now, window)) with
                {
                    Kind = presigned ? AuthFailureKind.Other : AuthFailureKind.ClockSkew,
                    RequestTime = auth.TimeText,
                    ServerTime = now,
                },
                auth);
        }

        if (!presigned && auth.Time < now - window)
        {
            return SigV4Result.Failure(
                SignatureError(SigV4Messages.SignatureExpired(auth.TimeText, now, window)) with
                {
                    Kind = AuthFailureKind.ClockSkew,
                    RequestTime = auth.TimeText,
                    ServerTime = now,
                },
                auth);
        }

        if (presigned && auth.ExpiresSeconds is { } expires && auth.Time.AddSeconds(expires) < now)
        {
            // Doubtful: AWS's exact text for an expired presigned Query-service URL is not confirmed; this reuses the
            // clock-skew wording with the X-Amz-Expires window.
            return SigV4Result.Failure(
                SignatureError(SigV4Messages.SignatureExpired(auth.TimeText, now, TimeSpan.FromSeconds(expires))) with
                {
                    Kind = AuthFailureKind.PresignExpired,
                    ExpiredAt = auth.Time.AddSeconds(expires),
                    ExpiresSeconds = expires,
                    ServerTime = now,
                },
                auth);
        }

        if (auth.Terminator != "aws4_request")
        {
            return SigV4Result.Failure(
                SignatureError($"Credential should be scoped with a valid terminator: 'aws4_request', not '{auth.Terminator}'."), auth);
        }

        if (!ScopeDateMatches(auth.ScopeDate, auth.Time.UtcDateTime))
        {
            var expectedDate = auth.Time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
            return SigV4Result.Failure(
                SignatureError(
                    $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{auth.ScopeDate}' != '{expectedDate}', from '{auth.TimeText}'."),
                auth);
        }

        if (!auth.SignedHeaders.Contains("host"))
        {
            return SigV4Result.Failure(SignatureError(SigV4Messages.HostMustBeSigned), auth);
        }

        if (!lookup.TryGet(auth.AccessKeyId, out var credential))
        {
            return SigV4Result.Failure(
                new SigV4Error(SigV4Messages.InvalidClientTokenIdCode, SigV4Messages.InvalidClientTokenId, 403)
                {
                    Kind = AuthFailureKind.UnknownAccessKey,
                    AccessKeyId = auth.AccessKeyId,
                },
                auth);
        }

        if (!SessionTokenMatches(credential.SessionToken, auth.SessionToken))
        {
            return SigV4Result.Failure(
                new SigV4Error(SigV4Messages.InvalidClientTokenIdCode, SigV4Messages.InvalidClientTokenId, 403)
                {
                    Kind = AuthFailureKind.InvalidToken,
                    AccessKeyId = auth.AccessKeyId,
                },
                auth);
        }

        if (credential.Expiration is { } expiration && expiration <= now)
        {
            return SigV4Result.Failure(
                new SigV4Error(SigV4Messages.ExpiredTokenCode, SigV4Messages.ExpiredToken, 400)
                {
                    Kind = AuthFailureKind.ExpiredToken,
                    AccessKeyId = auth.AccessKeyId,
                },
                auth);
        }

        var singleEncode = options.SingleEncodePath ?? auth.Service == "s3";
        var payloadHash = PayloadHash(request, auth, query, singleEncode, out var payloadError);
        if (payloadError is not null)
        {
            return SigV4Result.Failure(payloadError, auth);
        }

        // The canonical request and the string to sign are built in pooled buffers and hashed there; they become
        // strings only when the signature does not match (the error quotes them).
        var canonical = new PooledText(512);
        var toSign = new PooledText(256);
        try
        {
            WriteCanonicalRequest(ref canonical, request, auth.SignedHeaders, auth.Presigned, singleEncode, payloadHash);
            Span<char> hash = stackalloc char[64];
            canonical.Sha256HexTo(hash);
            toSign.Append(Algorithm);
            toSign.Append('\n');
            toSign.Append(auth.TimeText);
            toSign.Append('\n');
            toSign.Append(auth.Scope);
            toSign.Append('\n');
            toSign.Append(hash);
            var signingKey = KeyCache.Get(credential.SecretAccessKey, auth.ScopeDate, auth.Region, auth.Service);
            Span<char> expected = stackalloc char[64];
            PooledText.HmacSha256Hex(signingKey, toSign.Span, expected);
            if (!FixedTimeEquals(expected, auth.Signature))
            {
                return SignatureMismatch(auth, canonical.ToString(), toSign.ToString());
            }
        }
        finally
        {
            canonical.Dispose();
            toSign.Dispose();
        }

        return SigV4Result.Success(
            credential, auth.Region, auth.Service, auth.SignedHeaders, presigned, auth.Time, auth.Signature, auth.TimeText, auth.Scope);
    }

    private static SigV4Result SignatureMismatch(ParsedAuth auth, string canonicalRequest, string stringToSign) =>
        SigV4Result.Failure(
            new SigV4Error(
                SigV4Messages.SignatureDoesNotMatchCode,
                SigV4Messages.SignatureMismatchWithDetails(canonicalRequest, stringToSign),
                403)
            {
                CanonicalRequest = canonicalRequest,
                StringToSign = stringToSign,
                Kind = AuthFailureKind.SignatureMismatch,
                AccessKeyId = auth.AccessKeyId,
                SignatureProvided = auth.Signature,
            },
            auth);

    /// <summary>The canonical request for <paramref name="request"/> as signed by the given header names (diagnostics, tests).</summary>
    public static string CanonicalRequest(
        SignedRequest request, IReadOnlyList<string> signedHeaders, bool presigned, bool singleEncodePath, string payloadHash)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var text = new PooledText(512);
        try
        {
            WriteCanonicalRequest(ref text, request, signedHeaders, presigned, singleEncodePath, payloadHash);
            return text.ToString();
        }
        finally
        {
            text.Dispose();
        }
    }

    private static void WriteCanonicalRequest(
        ref PooledText text, SignedRequest request, IReadOnlyList<string> signedHeaders, bool presigned, bool singleEncodePath,
        string payloadHash)
    {
        text.Append(request.Method.ToUpperInvariant());
        text.Append('\n');
        text.Append(SigV4Canonical.CanonicalUri(request.RawPath, singleEncodePath));
        text.Append('\n');
        text.Append(SigV4Canonical.CanonicalQuery(request.RawQuery, presigned));
        text.Append('\n');
        for (var i = 0; i < signedHeaders.Count; i++)
        {
            var name = signedHeaders[i];
            text.Append(name);
            text.Append(':');
            AppendHeaderValues(ref text, request, name);
            text.Append('\n');
        }

        text.Append('\n');
        for (var i = 0; i < signedHeaders.Count; i++)
        {
            if (i > 0)
            {
                text.Append(';');
            }

            text.Append(signedHeaders[i]);
        }

        text.Append('\n');
        text.Append(payloadHash);
    }

    /// <summary>Every header of this name, canonicalized and joined with commas in arrival order (the request host
    /// when there is no <c>host</c> header).</summary>
    private static void AppendHeaderValues(ref PooledText text, SignedRequest request, string lowerName)
    {
        var headers = request.Headers;
        var any = false;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (string.Equals(name, lowerName, StringComparison.OrdinalIgnoreCase))
            {
                if (any)
                {
                    text.Append(',');
                }

                SigV4Canonical.AppendTrimAll(value, ref text);
                any = true;
            }
        }

        if (!any && lowerName == "host")
        {
            SigV4Canonical.AppendTrimAll(request.Host, ref text);
        }
    }

    /// <summary>The string to sign: algorithm, request time, credential scope and the canonical request's hash.</summary>
    public static string StringToSign(string requestTime, string credentialScope, string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(canonicalRequest);
        return Algorithm + "\n" + requestTime + "\n" + credentialScope + "\n" +
               SignedRequest.Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest));
    }

    /// <summary>The hex signature of <paramref name="stringToSign"/> with the key derived from the given secret and scope.</summary>
    public static string Sign(string secretAccessKey, string date, string region, string service, string stringToSign) =>
        Signature(KeyCache.Get(secretAccessKey, date, region, service), stringToSign);

    private static string Signature(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Whether <paramref name="scopeDate"/> is <paramref name="time"/>'s date as <c>yyyyMMdd</c> (digits written
    /// here: the culture-aware date formatter is a noticeable part of a request in the Native AOT build).</summary>
    private static bool ScopeDateMatches(string scopeDate, DateTime time)
    {
        Span<char> expected = stackalloc char[8];
        var (year, month, day) = (time.Year, time.Month, time.Day);
        for (var i = 3; i >= 0; i--, year /= 10)
        {
            expected[i] = (char)('0' + (year % 10));
        }

        expected[4] = (char)('0' + (month / 10));
        expected[5] = (char)('0' + (month % 10));
        expected[6] = (char)('0' + (day / 10));
        expected[7] = (char)('0' + (day % 10));
        return scopeDate.AsSpan().SequenceEqual(expected);
    }

    private static bool FixedTimeEquals(ReadOnlySpan<char> expected, string provided) =>
        // Compared as UTF-16 code units so timing does not depend on where they first differ. The expected signature is
        // ASCII hex, so this is the same answer as comparing UTF-8 bytes: a non-ASCII character never matches.
        CryptographicOperations.FixedTimeEquals(MemoryMarshal.AsBytes(expected), MemoryMarshal.AsBytes(provided.AsSpan()));

    private static bool SessionTokenMatches(string? expected, string? provided)
    {
        if (expected is null)
        {
            return provided is null;
        }

        if (provided is null)
        {
            return false;
        }

        // Ordinary (well-formed) tokens compare as UTF-16 code units, which is the same answer as comparing their UTF-8
        // bytes; a lone surrogate (which UTF-8 would replace) falls back to the byte comparison.
        if (!HasSurrogate(expected) && !HasSurrogate(provided))
        {
            return CryptographicOperations.FixedTimeEquals(
                MemoryMarshal.AsBytes(expected.AsSpan()), MemoryMarshal.AsBytes(provided.AsSpan()));
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(provided));
    }

    private static bool HasSurrogate(string text) => text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') >= 0;

    private static string PayloadHash(
        SignedRequest request, ParsedAuth auth, Dictionary<string, string> query, bool s3, out SigV4Error? error)
    {
        error = null;
        if (auth.Presigned)
        {
            if (query.TryGetValue("X-Amz-Content-Sha256", out var fromQuery))
            {
                return fromQuery;
            }

            // S3 presigned URLs sign UNSIGNED-PAYLOAD; other services hash the (usually empty) body.
            return s3 ? UnsignedPayload : request.PayloadSha256();
        }

        var header = FirstHeader(request, "x-amz-content-sha256");
        if (header is null)
        {
            return request.PayloadSha256();
        }

        header = header.Trim();
        if (header.Length == 64 && !header.AsSpan().ContainsAnyExcept(HexDigits) &&
            !string.Equals(header, request.PayloadSha256(), StringComparison.OrdinalIgnoreCase))
        {
            error = new SigV4Error(SigV4Messages.ContentSha256MismatchCode, SigV4Messages.ContentSha256Mismatch, 400);
        }

        // UNSIGNED-PAYLOAD (and the STREAMING-* markers) are signed as given.
        return header;
    }

    private static (ParsedAuth? Auth, SigV4Error? Error) ParseHeaderAuth(string authorization, SignedRequest request)
    {
        var trimmed = authorization.Trim();
        var space = trimmed.IndexOfAny([' ', '\t']);
        var algorithm = space < 0 ? trimmed : trimmed[..space];
        string rest;
        if (algorithm == Algorithm)
        {
            rest = space < 0 ? string.Empty : trimmed[space..];
        }
        else if (algorithm.StartsWith("AWS4-", StringComparison.Ordinal))
        {
            return (null, Incomplete($"Unsupported AWS 'algorithm': '{algorithm}'."));
        }
        else
        {
            // Not SigV4 at all (e.g. "Bearer …"): every parameter is reported missing, as API Gateway and IAM do.
            rest = string.Empty;
        }

        string? credential = null, signedHeaders = null, signature = null;
        var restSpan = rest.AsSpan();
        foreach (var range in restSpan.Split(','))
        {
            var item = restSpan[range].Trim();
            if (item.IsEmpty)
            {
                continue;
            }

            var eq = item.IndexOf('=');
            if (eq < 0)
            {
                return (null, Incomplete(
                    $"'{item}' not a valid key=value pair (missing equal-sign) in Authorization header: '{authorization}'"));
            }

            var key = item[..eq].Trim();
            var value = item[(eq + 1)..].Trim();
            if (key.SequenceEqual("Credential"))
            {
                credential = value.ToString();
            }
            else if (key.SequenceEqual("SignedHeaders"))
            {
                signedHeaders = value.ToString();
            }
            else if (key.SequenceEqual("Signature"))
            {
                signature = value.ToString();
            }
        }

        var timeText = FirstHeader(request, "x-amz-date");
        var dateHeader = timeText is null ? FirstHeader(request, "date") : null;
        if (credential is null || signature is null || signedHeaders is null || (timeText is null && dateHeader is null))
        {
            var missing = new List<string>(4);
            if (credential is null)
            {
                missing.Add(SigV4Messages.AuthHeaderRequiresCredential);
            }

            if (signature is null)
            {
                missing.Add(SigV4Messages.AuthHeaderRequiresSignature);
            }

            if (signedHeaders is null)
            {
                missing.Add(SigV4Messages.AuthHeaderRequiresSignedHeaders);
            }

            if (timeText is null && dateHeader is null)
            {
                missing.Add(SigV4Messages.AuthHeaderRequiresDate);
            }

            // API Gateway and the Query services list every missing part, then echo the header: "… Authorization=<value>".
            return (null, Incomplete(string.Join(' ', missing) + " Authorization=" + authorization));
        }

        DateTimeOffset time;
        if (timeText is not null)
        {
            var trimmedTime = timeText.Trim();
            if (!TryParseIsoBasic(trimmedTime, out time))
            {
                return (null, BadDate(timeText));
            }

            timeText = trimmedTime;
        }
        else if (DateTimeOffset.TryParseExact(
                     dateHeader!.Trim(), "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            timeText = SigV4Messages.Iso(time);
        }
        else
        {
            return (null, BadDate(dateHeader));
        }

        var token = FirstHeader(request, "x-amz-security-token")?.Trim();
        return BuildAuth(false, credential!, signedHeaders!, signature!, timeText, time, token, null);
    }

    private static (ParsedAuth? Auth, SigV4Error? Error) ParseQueryAuth(Dictionary<string, string> query)
    {
        var algorithm = query["X-Amz-Algorithm"];
        if (algorithm != Algorithm)
        {
            return (null, Incomplete($"Unsupported AWS 'algorithm': '{algorithm}'."));
        }

        query.TryGetValue("X-Amz-Credential", out var credential);
        query.TryGetValue("X-Amz-Signature", out var signature);
        query.TryGetValue("X-Amz-SignedHeaders", out var signedHeaders);
        query.TryGetValue("X-Amz-Date", out var timeText);
        var missing = new List<string>(4);
        if (credential is null)
        {
            missing.Add(SigV4Messages.QueryRequiresCredential);
        }

        if (signature is null)
        {
            missing.Add(SigV4Messages.QueryRequiresSignature);
        }

        if (signedHeaders is null)
        {
            missing.Add(SigV4Messages.QueryRequiresSignedHeaders);
        }

        if (timeText is null)
        {
            missing.Add(SigV4Messages.QueryRequiresDate);
        }

        if (missing.Count > 0)
        {
            return (null, Incomplete(string.Join(' ', missing) + " " + SigV4Messages.ReexamineQuery));
        }

        if (!TryParseIsoBasic(timeText!, out var time))
        {
            return (null, BadDate(timeText!));
        }

        int? expires = null;
        if (query.TryGetValue("X-Amz-Expires", out var expiresText))
        {
            if (!long.TryParse(expiresText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
            {
                return (null, QueryParameterError(SigV4Messages.ExpiresNotANumber));
            }

            if (seconds < 1)
            {
                return (null, QueryParameterError(SigV4Messages.ExpiresNotPositive));
            }

            if (seconds > MaxPresignSeconds)
            {
                return (null, QueryParameterError(SigV4Messages.ExpiresTooLarge));
            }

            expires = (int)seconds;
        }

        query.TryGetValue("X-Amz-Security-Token", out var token);
        return BuildAuth(true, credential!, signedHeaders!, signature!, timeText!, time, token, expires);
    }

    private static (ParsedAuth? Auth, SigV4Error? Error) BuildAuth(
        bool presigned, string credential, string signedHeaders, string signature, string timeText, DateTimeOffset time,
        string? token, int? expires)
    {
        var parts = credential.Split('/');
        if (parts.Length != 5)
        {
            return (null, Incomplete(
                $"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{credential}'"));
        }

        var names = signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = names[i].ToLowerInvariant();
        }

        // The scope is the credential after the access key id: date/region/service/terminator.
        var scope = credential[(parts[0].Length + 1)..];
        return (new ParsedAuth(
            presigned, credential, parts[0], parts[1], parts[2], parts[3], parts[4], scope, names, signature, timeText, time,
            token, expires), null);
    }

    private static bool TryParseIsoBasic(string text, out DateTimeOffset time)
    {
        // Fast path for the one shape every client sends (yyyyMMddTHHmmssZ); anything else goes to the exact parser.
        if (text.Length == 16 && text[8] == 'T' && text[15] == 'Z' &&
            TryDigits(text, 0, 4, out var year) && TryDigits(text, 4, 2, out var month) && TryDigits(text, 6, 2, out var day) &&
            TryDigits(text, 9, 2, out var hour) && TryDigits(text, 11, 2, out var minute) && TryDigits(text, 13, 2, out var second) &&
            year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) &&
            hour < 24 && minute < 60 && second < 60)
        {
            time = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
            return true;
        }

        return TryParseIsoBasicExact(text, out time);
    }

    private static bool TryDigits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = text[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            value = (value * 10) + digit;
        }

        return true;
    }

    private static bool TryParseIsoBasicExact(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    private static DateTimeOffset TruncateToSeconds(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static Dictionary<string, string> ParseQuery(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return EmptyQuery; // never written to
        }

        // First occurrence wins for the X-Amz-* parameters, as AWS reads them.
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in SigV4Canonical.SplitQuery(rawQuery))
        {
            result.TryAdd(SigV4Canonical.PercentDecode(name), SigV4Canonical.PercentDecode(value));
        }

        return result;
    }

    private static string? FirstHeader(SignedRequest request, string lowerName)
    {
        var headers = request.Headers;
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            if (string.Equals(name, lowerName, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        return null;
    }

    private static SigV4Result Fail(string code, string message, int status) =>
        SigV4Result.Failure(new SigV4Error(code, message, status));

    private static SigV4Error SignatureError(string message) => new(SigV4Messages.SignatureDoesNotMatchCode, message, 403);

    private static SigV4Error Incomplete(string message) => new(SigV4Messages.IncompleteSignatureCode, message, 400);

    private static SigV4Error QueryParameterError(string message) =>
        new(SigV4Messages.AuthorizationQueryParametersErrorCode, message, 400);

    private static SigV4Error BadDate(string value) =>
        Incomplete($"Date must be in ISO-8601 'basic format'. Got '{value}'. See http://en.wikipedia.org/wiki/ISO_8601");
}
