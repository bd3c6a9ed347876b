using System.Text;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Stevedore.Policy.Matching;

namespace Stevedore.Policy.Tests.Properties;

/// <summary>The glob matcher agrees with the obvious regular expression.</summary>
public sealed class WildcardProperties
{
    private static readonly char[] PatternAlphabet = ['a', 'k', 'A', 'b', '/', ':', '*', '?', '.', '\\', '$', '[', 'é', 'É', 'ÿ'];

    private static readonly char[] InputAlphabet = ['a', 'k', '\u212A', 'A', 'b', 'B', '/', ':', '*', '?', '.', '\\', '$', '[', 'é', 'É', 'ÿ', 'Ÿ', '\n'];

    public sealed record WildcardCase(string Pattern, string Input, bool IgnoreCase);

    private static Gen<string> Text(char[] alphabet, int maxLength) =>
        Gen.Choose(0, maxLength).SelectMany(n => Gen.ArrayOf(Gen.Elements(alphabet), n)).Select(chars => new string(chars));

    /// <summary>An input built from the pattern (so that matches are common), with each wildcard filled in and sometimes one edit.</summary>
    private static Gen<string> Instantiate(string pattern) =>
        from fills in Gen.ArrayOf(Text(InputAlphabet, 3), pattern.Length)
        from single in Gen.ArrayOf(Gen.Elements(InputAlphabet), pattern.Length)
        from edit in Gen.Choose(-1, pattern.Length)
        from replacement in Text(InputAlphabet, 1)
        select Fill(pattern, fills, single, edit, replacement);

    private static string Fill(string pattern, string[] fills, char[] single, int edit, string replacement)
    {
        var text = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            text.Append(i == edit ? replacement : pattern[i] switch
            {
                '*' => fills[i],
                '?' => single[i].ToString(),
                var c => c.ToString(),
            });
        }

        return text.ToString();
    }

    private static Arbitrary<WildcardCase> Cases =>
        (from pattern in Text(PatternAlphabet, 8)
         from input in Gen.Frequency((1, Text(InputAlphabet, 10)), (2, Instantiate(pattern)))
         from ignoreCase in Gen.Elements(false, true)
         select new WildcardCase(pattern, input, ignoreCase)).ToArbitrary();

    private static bool Reference(WildcardCase c)
    {
        var regex = new StringBuilder("^");
        foreach (var ch in c.Pattern)
        {
            regex.Append(ch switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(ch.ToString()),
            });
        }

        // \z, not $: '$' also matches before a final newline.
        regex.Append(@"\z");
        var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | (c.IgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return Regex.IsMatch(c.Input, regex.ToString(), options);
    }

    [Property(MaxTest = 1000)]
    public Property Match_agrees_with_the_reference_regex() =>
        Prop.ForAll(Cases, c => Wildcard.Match(Wildcard.Encode(c.Pattern), c.Input, c.IgnoreCase) == Reference(c));

    [Property(MaxTest = 300)]
    public Property A_pattern_without_wildcards_matches_exactly_itself() =>
        Prop.ForAll(Text(['a', 'b', '/', ':'], 8).ToArbitrary(), Text(['a', 'b', '/', ':'], 8).ToArbitrary(),
            (pattern, input) => Wildcard.Match(Wildcard.Encode(pattern), input, ignoreCase: false) == (pattern == input));

    [Property(MaxTest = 300)]
    public Property Encode_then_Decode_gives_back_the_policy_text() =>
        Prop.ForAll(Text(PatternAlphabet, 10).ToArbitrary(), text => Wildcard.Decode(Wildcard.Encode(text)) == text);

    [Property(MaxTest = 300)]
    public Property Unencoded_star_and_question_mark_are_literals() =>
        Prop.ForAll(Text(InputAlphabet, 8).ToArbitrary(), input =>
            Wildcard.Match("*", input, ignoreCase: false) == (input == "*") && Wildcard.Match("?", input, ignoreCase: false) == (input == "?"));

    [Fact]
    public void Star_matches_across_slashes_and_colons() =>
        Assert.True(Wildcard.Match(Wildcard.Encode("arn:aws:s3:::bucket/*/test/*"), "arn:aws:s3:::bucket/a/b/test/c/d", ignoreCase: false));
}
