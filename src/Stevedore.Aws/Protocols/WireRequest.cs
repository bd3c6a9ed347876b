namespace Stevedore.Aws.Protocols;

/// <summary>An HTTP request as received, for a protocol decoder: nothing decoded or normalized yet.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="RawPath">The path as it arrived (still percent-encoded), without the query.</param>
/// <param name="RawQuery">The query string as it arrived, without the leading <c>?</c>; empty when none.</param>
/// <param name="Headers">Every header in arrival order.</param>
/// <param name="Host">The request host (with port when not default).</param>
/// <param name="Body">The request body, fully buffered.</param>
public sealed record WireRequest(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string Host,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>The first header of this name (case-insensitive), or null.</summary>
    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }
}
