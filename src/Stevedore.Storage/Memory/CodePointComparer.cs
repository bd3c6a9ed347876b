namespace Stevedore.Storage.Memory;

/// <summary>
/// Orders strings by Unicode code point, which is the order of their UTF-8 bytes: SQLite's BINARY collation on UTF-8
/// text, so the in-memory store lists names in the order the SQLite store does. Ordinal UTF-16 order differs for
/// characters past U+FFFF (surrogates, D800–DFFF) against U+E000–U+FFFF.
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    private CodePointComparer()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        return Compare(x.AsSpan(), y.AsSpan());
    }

    public static int Compare(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        var common = x.CommonPrefixLength(y);
        return common == Math.Min(x.Length, y.Length) ? x.Length.CompareTo(y.Length) : Rank(x[common]) - Rank(y[common]);
    }

    /// <summary>A UTF-16 unit's place in code point order: surrogates (code points from U+10000) after U+E000–U+FFFF.</summary>
    private static int Rank(char c) => c >= '\uE000' ? c - 0x800 : c >= '\uD800' ? c + 0x2000 : c;
}
