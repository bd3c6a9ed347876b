using System.Text;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// Canonicalization steps of SigV4, as AWS specifies them
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
/// </summary>
public static class SigV4Canonical
{
    private static readonly char[] HexUpper = "0123456789ABCDEF".ToCharArray();

    /// <summary>True for the RFC 3986 unreserved characters AWS leaves unencoded.</summary>
    public static bool IsUnreserved(int b) =>
        b is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_' or '.' or '~';

    /// <summary>
    /// Canonical URI. Non-S3 services: remove dot segments and empty segments, then URI-encode the path as received
    /// (so it ends up encoded twice). S3: no normalization, each segment encoded once.
    /// </summary>
    public static string CanonicalUri(string rawPath, bool singleEncode)
    {
        if (rawPath.Length == 0)
        {
            return "/";
        }

        if (IsAlreadyCanonicalPath(rawPath, singleEncode))
        {
            return rawPath;
        }

        var sb = new StringBuilder(rawPath.Length + 16);
        if (singleEncode)
        {
            AppendNormalizedEncoding(rawPath, encodeSlash: false, sb);
        }
        else
        {
            AppendEncoded(RemoveDotSegments(rawPath), encodeSlash: false, sb);
        }

        return sb.ToString();
    }

    /// <summary>
    /// True when canonicalizing would give <paramref name="rawPath"/> back unchanged: only unreserved characters and
    /// '/', and (outside S3) no empty, "." or ".." segment to remove.
    /// </summary>
    private static bool IsAlreadyCanonicalPath(string rawPath, bool singleEncode)
    {
        var previous = '\0';
        var segmentStart = 0;
        for (var i = 0; i <= rawPath.Length; i++)
        {
            var c = i < rawPath.Length ? rawPath[i] : '/';
            if (c == '/')
            {
                if (!singleEncode)
                {
                    var segment = rawPath.AsSpan(segmentStart, i - segmentStart);
                    var interior = i > 0 && i < rawPath.Length;
                    if ((segment.IsEmpty && interior && previous == '/') || segment is "." or "..")
                    {
                        return false;
                    }
                }

                segmentStart = i + 1;
            }
            else if (!IsUnreserved(c))
            {
                return false;
            }

            previous = c;
        }

        return true;
    }

    /// <summary>
    /// RFC 3986 §5.2.4 dot-segment removal; AWS (non-S3) also drops empty segments, so consecutive slashes collapse.
    /// </summary>
    internal static string RemoveDotSegments(string path)
    {
        var output = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }

                continue;
            }

            output.Add(segment);
        }

        var first = path.StartsWith('/') ? "/" : string.Empty;
        var last = path.EndsWith('/') && output.Count > 0 ? "/" : string.Empty;
        return first + string.Join('/', output) + last;
    }

    /// <summary>
    /// Canonical query string: every parameter's name and value percent-decoded then URI-encoded ('/' included),
    /// sorted by encoded name then encoded value; <c>X-Amz-Signature</c> left out when <paramref name="presigned"/>.
    /// </summary>
    public static string CanonicalQuery(string rawQuery, bool presigned)
    {
        if (rawQuery.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<(string Name, string Value)>();
        foreach (var (rawName, rawValue) in SplitQuery(rawQuery))
        {
            if (presigned && PercentDecode(rawName) == "X-Amz-Signature")
            {
                continue;
            }

            pairs.Add((NormalizeEncoding(rawName), NormalizeEncoding(rawValue)));
        }

        pairs.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        var sb = new StringBuilder(rawQuery.Length + 16);
        for (var i = 0; i < pairs.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('&');
            }

            sb.Append(pairs[i].Name).Append('=').Append(pairs[i].Value);
        }

        return sb.ToString();
    }

    /// <summary>Splits a raw query into raw (still encoded) name/value pairs; empty pieces are skipped.</summary>
    internal static IEnumerable<(string Name, string Value)> SplitQuery(string rawQuery)
    {
        var start = 0;
        while (start <= rawQuery.Length)
        {
            var end = rawQuery.IndexOf('&', start);
            if (end < 0)
            {
                end = rawQuery.Length;
            }

            if (end > start)
            {
                var eq = rawQuery.IndexOf('=', start, end - start);
                yield return eq < 0
                    ? (rawQuery[start..end], string.Empty)
                    : (rawQuery[start..eq], rawQuery[(eq + 1)..end]);
            }

            start = end + 1;
        }
    }

    /// <summary>
    /// Canonical header value: surrounding whitespace trimmed and every run of whitespace collapsed to one space;
    /// repeated headers are joined with commas in arrival order.
    /// </summary>
    public static string CanonicalHeaderValue(IReadOnlyList<string> values)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(',');
            }

            AppendTrimAll(values[i], sb);
        }

        return sb.ToString();
    }

    /// <summary>Appends <paramref name="value"/> trimmed, every run of whitespace collapsed to one space.</summary>
    internal static void AppendTrimAll(string value, ref PooledText text)
    {
        var pendingSpace = false;
        var any = false;
        var runStart = -1;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsWhiteSpace(c))
            {
                if (runStart >= 0)
                {
                    text.Append(value.AsSpan(runStart, i - runStart));
                    runStart = -1;
                }

                pendingSpace = any;
                continue;
            }

            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }

            if (runStart < 0)
            {
                runStart = i;
            }

            any = true;
        }

        if (runStart >= 0)
        {
            text.Append(value.AsSpan(runStart));
        }
    }

    private static void AppendTrimAll(string value, StringBuilder sb)
    {
        var pendingSpace = false;
        var any = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = any;
                continue;
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c);
            any = true;
        }
    }

    /// <summary>Percent-decodes <paramref name="raw"/> as UTF-8; malformed escapes are kept literally.</summary>
    public static string PercentDecode(string raw)
    {
        if (!raw.Contains('%', StringComparison.Ordinal))
        {
            return raw;
        }

        var bytes = new List<byte>(raw.Length);
        ForEachDecodedByte(raw, bytes.Add);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>Decodes then URI-encodes, so equivalent encodings of the same bytes canonicalize the same.</summary>
    internal static string NormalizeEncoding(string raw)
    {
        var sb = new StringBuilder(raw.Length + 8);
        AppendNormalizedEncoding(raw, encodeSlash: true, sb);
        return sb.ToString();
    }

    private static void AppendNormalizedEncoding(string raw, bool encodeSlash, StringBuilder sb) =>
        ForEachDecodedByte(raw, b => AppendByte(b, encodeSlash, sb));

    /// <summary>URI-encodes the UTF-8 bytes of <paramref name="text"/> ('%' included).</summary>
    internal static void AppendEncoded(string text, bool encodeSlash, StringBuilder sb)
    {
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                AppendByte((byte)c, encodeSlash, sb);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < text.Length
                ? Encoding.UTF8.GetBytes(text.AsSpan(i++, 2), buffer)
                : Encoding.UTF8.GetBytes(text.AsSpan(i, 1), buffer);
            foreach (var b in buffer[..length])
            {
                AppendByte(b, encodeSlash, sb);
            }
        }
    }

    private static void AppendByte(byte b, bool encodeSlash, StringBuilder sb)
    {
        if (IsUnreserved(b) || (b == '/' && !encodeSlash))
        {
            sb.Append((char)b);
        }
        else
        {
            sb.Append('%').Append(HexUpper[b >> 4]).Append(HexUpper[b & 0xF]);
        }
    }

    private static void ForEachDecodedByte(string raw, Action<byte> sink)
    {
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
            {
                sink((byte)((HexValue(raw[i + 1]) << 4) | HexValue(raw[i + 2])));
                i += 2;
                continue;
            }

            if (c < 0x80)
            {
                sink((byte)c);
                continue;
            }

            var length = char.IsHighSurrogate(c) && i + 1 < raw.Length
                ? Encoding.UTF8.GetBytes(raw.AsSpan(i++, 2), buffer)
                : Encoding.UTF8.GetBytes(raw.AsSpan(i, 1), buffer);
            foreach (var b in buffer[..length])
            {
                sink(b);
            }
        }
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
