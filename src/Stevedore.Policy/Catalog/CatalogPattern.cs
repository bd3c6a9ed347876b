namespace Stevedore.Policy.Catalog;

/// <summary>
/// Small matchers used by the catalog: IAM action wildcards (<c>*</c>, <c>?</c>, case-insensitive)
/// and templates with placeholders (<c>${Name}</c> in ARN formats and condition keys).
/// </summary>
internal static class CatalogPattern
{
    public static bool HasWildcard(string pattern) => pattern.AsSpan().IndexOfAny('*', '?') >= 0;

    /// <summary>IAM-style wildcard match: <c>*</c> any run (possibly empty), <c>?</c> exactly one character; ASCII case-insensitive.</summary>
    public static bool WildcardMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, starP = -1, starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || EqualsIgnoreCase(pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                t = ++starT;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    public static bool IsConditionKeyTemplate(string name) =>
        name.Contains("${", StringComparison.Ordinal)
        || (name.Contains('<') && name.Contains('>'))
        || name.EndsWith("/tag-key", StringComparison.OrdinalIgnoreCase);

    private static bool EqualsIgnoreCase(char a, char b) =>
        a == b || (char.IsAscii(a) && char.IsAscii(b) && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}

/// <summary>A compiled template: literal runs and placeholders, each placeholder matching a run of characters.</summary>
internal sealed class Template
{
    private readonly string?[] _tokens; // null = placeholder
    private readonly int _minPlaceholder;
    private readonly StringComparison _comparison;

    private Template(string?[] tokens, int minPlaceholder, StringComparison comparison)
    {
        _tokens = tokens;
        _minPlaceholder = minPlaceholder;
        _comparison = comparison;
        LiteralLength = tokens.Sum(t => t?.Length ?? 0);
    }

    /// <summary>Number of literal characters; used to prefer the most specific of several matching templates.</summary>
    public int LiteralLength { get; }

    /// <summary>Placeholders are <c>${…}</c>; with <paramref name="conditionKeySyntax"/> also <c>&lt;…&gt;</c> and a trailing <c>/tag-key</c>.</summary>
    public static Template Parse(string text, int minPlaceholder, StringComparison comparison, bool conditionKeySyntax = false)
    {
        var tokens = new List<string?>();
        var literal = new System.Text.StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var end = PlaceholderEnd(text, i, conditionKeySyntax);
            if (end > i)
            {
                if (literal.Length > 0)
                {
                    tokens.Add(literal.ToString());
                    literal.Clear();
                }

                if (tokens.Count == 0 || tokens[^1] is not null)
                {
                    tokens.Add(null);
                }

                i = end;
            }
            else
            {
                literal.Append(text[i++]);
            }
        }

        if (literal.Length > 0)
        {
            tokens.Add(literal.ToString());
        }

        return new Template([.. tokens], minPlaceholder, comparison);
    }

    public bool IsMatch(ReadOnlySpan<char> text) => Match(0, text);

    private bool Match(int ti, ReadOnlySpan<char> text)
    {
        if (ti == _tokens.Length)
        {
            return text.IsEmpty;
        }

        var token = _tokens[ti];
        if (token is not null)
        {
            return text.StartsWith(token, _comparison) && Match(ti + 1, text[token.Length..]);
        }

        if (ti == _tokens.Length - 1)
        {
            return text.Length >= _minPlaceholder;
        }

        for (var len = _minPlaceholder; len <= text.Length; len++)
        {
            if (Match(ti + 1, text[len..]))
            {
                return true;
            }
        }

        return false;
    }

    private static int PlaceholderEnd(string text, int i, bool conditionKeySyntax)
    {
        if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
        {
            var close = text.IndexOf('}', i + 2);
            return close < 0 ? i : close + 1;
        }

        if (!conditionKeySyntax)
        {
            return i;
        }

        if (text[i] == '<')
        {
            var close = text.IndexOf('>', i + 1);
            return close < 0 ? i : close + 1;
        }

        const string TagKey = "tag-key";
        return i > 0 && text[i - 1] == '/' && i + TagKey.Length == text.Length
            && text.AsSpan(i).Equals(TagKey, StringComparison.OrdinalIgnoreCase)
            ? text.Length
            : i;
    }
}
