using System.Buffers;

namespace Stevedore.Cloud.S3;

/// <summary>
/// Header values S3 can answer: the response-* overrides of GetObject must be ISO-8859-1 text (tab, printable ASCII,
/// U+0080–U+00FF); an object's stored headers may hold any text but a control character, which no answer could carry.
/// </summary>
// Text of the error as S3 answers it: https://github.com/guardian/grid/pull/1716, https://github.com/Coursemology/coursemology2/issues/3206
internal static class S3HeaderText
{
    private const string Message = "Header value cannot be represented using ISO-8859-1.";

    private static readonly SearchValues<char> Latin1Text = SearchValues.Create(
        "\t" + string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c)) + string.Concat(Enumerable.Range(0x80, 0x80).Select(c => (char)c)));

    private static readonly SearchValues<char> ControlCharacters = SearchValues.Create(
        string.Concat(Enumerable.Range(0, 0x20).Where(c => c != '\t').Select(c => (char)c)) + "\u007F");

    /// <summary>A response-* override: ISO-8859-1 without control characters, or InvalidArgument naming the parameter.</summary>
    public static void RequireLatin1(string parameter, string value)
    {
        if (value.AsSpan().IndexOfAnyExcept(Latin1Text) >= 0)
        {
            throw value.AsSpan().IndexOfAny(ControlCharacters) >= 0
                ? S3Errors.InvalidArgument(Message, parameter)
                : S3Errors.InvalidArgument(Message, parameter, value);
        }
    }

    /// <summary>The headers an object keeps (Content-Type, Cache-Control …, x-amz-meta-*): no control characters, and
    /// no more than 2 KB of user metadata.</summary>
    public static void RequireStorable(S3Object stored)
    {
        RequireNoControl("Content-Type", stored.ContentType);
        foreach (var (member, value) in stored.Headers ?? new Dictionary<string, string>())
        {
            RequireNoControl(HeaderName(member), value);
        }

        var metadataBytes = 0L;
        foreach (var (key, value) in stored.Metadata ?? new Dictionary<string, string>())
        {
            RequireNoControl("x-amz-meta-" + key, value);
            metadataBytes += System.Text.Encoding.UTF8.GetByteCount(key) + System.Text.Encoding.UTF8.GetByteCount(value);
        }

        // User metadata: at most 2 KB, the UTF-8 bytes of every key and value.
        if (metadataBytes > MaxMetadataBytes)
        {
            throw S3Errors.MetadataTooLarge(metadataBytes);
        }
    }

    private const int MaxMetadataBytes = 2048;

    private static void RequireNoControl(string header, string? value)
    {
        if (value is not null && value.AsSpan().IndexOfAny(ControlCharacters) >= 0)
        {
            throw S3Errors.InvalidArgument(Message, header);
        }
    }

    /// <summary>CacheControl → Cache-Control.</summary>
    private static string HeaderName(string member) =>
        string.Concat(member.Select((c, i) => i > 0 && char.IsUpper(c) ? "-" + c : c.ToString()));
}
