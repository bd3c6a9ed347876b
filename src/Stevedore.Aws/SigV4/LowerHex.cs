namespace Stevedore.Aws.SigV4;

/// <summary>
/// Lower-case hex of a few bytes, one table lookup per digit. <see cref="Convert.ToHexStringLower(byte[])"/> gives the
/// same text, but its vector path has no hardware shuffle to use in the Native AOT build (baseline x86-64 code) and
/// falls back to lane-by-lane work: a request's three SigV4 digests cost a microsecond there.
/// </summary>
public static class LowerHex
{
    private const string Digits = "0123456789abcdef";

    /// <summary>Writes the <c>2 × bytes.Length</c> hex digits of <paramref name="bytes"/> to the start of <paramref name="hex"/>.</summary>
    public static void Write(ReadOnlySpan<byte> bytes, Span<char> hex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hex.Length, bytes.Length * 2, nameof(hex));
        for (var i = 0; i < bytes.Length; i++)
        {
            hex[2 * i] = Digits[bytes[i] >> 4];
            hex[(2 * i) + 1] = Digits[bytes[i] & 0xF];
        }
    }

    /// <summary>The hex digits of <paramref name="bytes"/> as a new string.</summary>
    public static string ToString(ReadOnlySpan<byte> bytes)
    {
        Span<char> hex = bytes.Length <= 128 ? stackalloc char[bytes.Length * 2] : new char[bytes.Length * 2];
        Write(bytes, hex);
        return new string(hex);
    }
}
