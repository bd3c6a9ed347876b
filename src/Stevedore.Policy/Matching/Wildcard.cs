namespace Stevedore.Policy.Matching;

/// <summary>
/// Glob matching over encoded patterns: <see cref="Star"/> matches any run of characters and
/// <see cref="Question"/> exactly one. Wildcards are encoded as private-use characters because a
/// policy document cannot contain them (only tab, LF, CR and U+0020–U+00FF are allowed), which lets
/// <c>${*}</c> and <c>${?}</c> stand for a literal asterisk and question mark.
/// </summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (special characters)
public static class Wildcard
{
    public const char Star = '\uE000';
    public const char Question = '\uE001';

    /// <summary>Encodes policy text whose <c>*</c> and <c>?</c> are wildcards.</summary>
    public static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny('*', '?') < 0)
        {
            return text;
        }

        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] switch
                {
                    '*' => Star,
                    '?' => Question,
                    var c => c,
                };
            }
        });
    }

    /// <summary>Decodes an encoded pattern back to policy text (for explanations).</summary>
    public static string Decode(string pattern) => pattern.Replace(Star, '*').Replace(Question, '?');

    public static bool HasWildcards(ReadOnlySpan<char> pattern) => pattern.IndexOfAny(Star, Question) >= 0;

    /// <summary>Matches the whole input against an encoded pattern; allocates nothing.</summary>
    public static bool Match(ReadOnlySpan<char> pattern, ReadOnlySpan<char> input, bool ignoreCase)
    {
        int p = 0, i = 0, starP = -1, starI = 0;
        while (i < input.Length)
        {
            if (p < pattern.Length && (pattern[p] == Question || CharEquals(pattern[p], input[i], ignoreCase)))
            {
                p++;
                i++;
            }
            else if (p < pattern.Length && pattern[p] == Star)
            {
                starP = p++;
                starI = i;
            }
            else if (starP >= 0)
            {
                p = starP + 1;
                i = ++starI;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == Star)
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool CharEquals(char a, char b, bool ignoreCase)
    {
        if (a == b)
        {
            return a != Star;
        }

        if (!ignoreCase)
        {
            return false;
        }

        if (a < 128 && b < 128)
        {
            var la = (char)(a | 0x20);
            return la == (b | 0x20) && la is >= 'a' and <= 'z';
        }

        return char.ToLowerInvariant(a) == char.ToLowerInvariant(b);
    }
}
