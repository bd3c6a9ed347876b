using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// A REST request URI template (<c>/{Bucket}/{Key+}?list-type=2</c>): literal and label path segments (the last may be
/// greedy), and the query literals that select the operation.
/// </summary>
internal sealed class RestXmlUriTemplate
{
    private readonly string[] _segments;

    private RestXmlUriTemplate(string[] segments, IReadOnlyList<KeyValuePair<string, string?>> queryLiterals)
    {
        _segments = segments;
        QueryLiterals = queryLiterals;
    }

    /// <summary>Query parameters the URI names literally (<c>location</c>, <c>list-type=2</c>); a null value matches any value.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> QueryLiterals { get; }

    public static RestXmlUriTemplate Parse(string requestUri)
    {
        var question = requestUri.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? requestUri : requestUri[..question];
        var literals = new List<KeyValuePair<string, string?>>();
        if (question >= 0)
        {
            foreach (var part in requestUri[(question + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                literals.Add(eq < 0 ? new(part, null) : new(part[..eq], part[(eq + 1)..]));
            }
        }

        return new RestXmlUriTemplate(path.Split('/', StringSplitOptions.RemoveEmptyEntries), literals);
    }

    /// <summary>
    /// Matches the raw path's segments (<c>rawPath[1..].Split('/')</c>); fills the labels percent-decoded (a greedy label takes
    /// the rest of the path, slashes included). A trailing empty segment is allowed after the last non-greedy one.
    /// </summary>
    public bool TryMatch(IReadOnlyList<string> rawSegments, Dictionary<string, string> labels)
    {
        labels.Clear();
        for (var i = 0; i < _segments.Length; i++)
        {
            var template = _segments[i];
            var isLabel = template.StartsWith('{') && template.EndsWith('}');
            if (!isLabel)
            {
                if (i >= rawSegments.Count || rawSegments[i] != template)
                {
                    return false;
                }

                continue;
            }

            var name = template[1..^1];
            if (name.EndsWith('+'))
            {
                var rest = i < rawSegments.Count ? string.Join('/', rawSegments.Skip(i)) : "";
                if (rest.Length == 0)
                {
                    return false;
                }

                labels[name[..^1]] = PercentDecode(rest);
                return true;
            }

            if (i >= rawSegments.Count || rawSegments[i].Length == 0)
            {
                return false;
            }

            labels[name] = PercentDecode(rawSegments[i]);
        }

        return rawSegments.Skip(_segments.Length).All(s => s.Length == 0) && rawSegments.Count <= Math.Max(1, _segments.Length + 1);
    }

    /// <summary>How specific the template is: operations naming more query literals win.</summary>
    public int Specificity => QueryLiterals.Count;

    /// <summary>Percent-decodes a path (a <c>+</c> stays a plus in a path).</summary>
    public static string PercentDecode(string value) => Uri.UnescapeDataString(value);

    /// <summary>The label member of an input shape bound to a template label.</summary>
    public static MemberModel? LabelMember(Shape input, string label) =>
        input.Members.FirstOrDefault(m => m.Location == "uri" && m.WireName == label);
}
