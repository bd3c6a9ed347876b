using System.Text;

namespace Stevedore.Cloud.Logs;

/// <summary>
/// CloudWatch Logs filter patterns for unstructured events: terms (all must occur), <c>"quoted phrases"</c>,
/// <c>?term</c> (any of these), <c>-term</c> (none of these); matching is case-sensitive. An empty pattern matches
/// every event. JSON (<c>{ $.x = … }</c>), space-delimited (<c>[a, b]</c>) and regex (<c>%…%</c>) patterns are not implemented.
/// </summary>
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html
internal sealed class FilterPattern
{
    private readonly List<string> _all = [];
    private readonly List<string> _any = [];
    private readonly List<string> _none = [];

    public static FilterPattern Parse(string? text)
    {
        var pattern = new FilterPattern();
        if (string.IsNullOrWhiteSpace(text))
        {
            return pattern;
        }

        var trimmed = text.Trim();
        if (trimmed[0] is '{' or '[' || (trimmed.Length > 1 && trimmed[0] == '%' && trimmed[^1] == '%'))
        {
            throw LogsErrors.InvalidParameter("Stevedore implements only term filter patterns (terms, \"phrases\", ?term, -term), not JSON, space-delimited or regex patterns.");
        }

        var i = 0;
        while (i < trimmed.Length)
        {
            if (char.IsWhiteSpace(trimmed[i]))
            {
                i++;
                continue;
            }

            var list = pattern._all;
            if (trimmed[i] == '?')
            {
                list = pattern._any;
                i++;
            }
            else if (trimmed[i] == '-')
            {
                list = pattern._none;
                i++;
            }

            var term = new StringBuilder();
            if (i < trimmed.Length && trimmed[i] == '"')
            {
                i++;
                while (i < trimmed.Length && trimmed[i] != '"')
                {
                    term.Append(trimmed[i++]);
                }

                i++;
            }
            else
            {
                while (i < trimmed.Length && !char.IsWhiteSpace(trimmed[i]))
                {
                    term.Append(trimmed[i++]);
                }
            }

            if (term.Length > 0)
            {
                list.Add(term.ToString());
            }
        }

        return pattern;
    }

    public bool Matches(string message) =>
        _all.TrueForAll(t => message.Contains(t, StringComparison.Ordinal))
        && (_any.Count == 0 || _any.Exists(t => message.Contains(t, StringComparison.Ordinal)))
        && !_none.Exists(t => message.Contains(t, StringComparison.Ordinal));
}
