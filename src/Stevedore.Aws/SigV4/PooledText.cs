using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Stevedore.Aws.SigV4;

/// <summary>
/// A growable character buffer rented from <see cref="ArrayPool{T}"/>: builds canonical requests and strings to sign
/// without intermediate strings. Dispose returns the buffer.
/// </summary>
internal ref struct PooledText
{
    private char[] _chars;
    private int _length;

    public PooledText(int capacity)
    {
        _chars = ArrayPool<char>.Shared.Rent(capacity);
        _length = 0;
    }

    public readonly ReadOnlySpan<char> Span => _chars.AsSpan(0, _length);

    public void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Grow(1);
        }

        _chars[_length++] = c;
    }

    public void Append(scoped ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length)
        {
            Grow(text.Length);
        }

        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 encoding of the text so far, appended to <paramref name="hex"/>.</summary>
    public readonly void Sha256HexTo(Span<char> hex) => Sha256Hex(Span, hex);

    public override readonly string ToString() => new(Span);

    public void Dispose()
    {
        var chars = _chars;
        _chars = [];
        _length = 0;
        if (chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Writes the lower-case hex SHA-256 of the UTF-8 encoding of <paramref name="text"/> (64 chars).</summary>
    public static void Sha256Hex(ReadOnlySpan<char> text, Span<char> hex)
    {
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var bytes = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var count = Encoding.UTF8.GetBytes(text, bytes);
        SHA256.HashData(bytes[..count], digest);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        LowerHex.Write(digest, hex);
    }

    /// <summary>Writes the lower-case hex HMAC-SHA256 of the UTF-8 encoding of <paramref name="text"/> (64 chars).</summary>
    public static void HmacSha256Hex(ReadOnlySpan<byte> key, ReadOnlySpan<char> text, Span<char> hex)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var bytes = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        var count = Encoding.UTF8.GetBytes(text, bytes);
        HMACSHA256.HashData(key, bytes[..count], mac);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        LowerHex.Write(mac, hex);
    }

    private void Grow(int needed)
    {
        var bigger = ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + needed));
        _chars.AsSpan(0, _length).CopyTo(bigger);
        if (_chars.Length > 0)
        {
            ArrayPool<char>.Shared.Return(_chars);
        }

        _chars = bigger;
    }
}
