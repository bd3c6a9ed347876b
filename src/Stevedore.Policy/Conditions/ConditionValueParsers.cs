using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Stevedore.Policy.Conditions;

/// <summary>An IPv4 or IPv6 network: the address as a 128-bit number and the prefix length.</summary>
public readonly record struct IpNetwork(UInt128 Address, int PrefixLength, bool IsV6)
{
    public bool Contains(in IpValue ip)
    {
        if (ip.IsV6 != IsV6)
        {
            return false;
        }

        var width = IsV6 ? 128 : 32;
        if (PrefixLength == 0)
        {
            return true;
        }

        var shift = width - PrefixLength;
        return (ip.Address >> shift) == (Address >> shift);
    }
}

public readonly record struct IpValue(UInt128 Address, bool IsV6);

/// <summary>Parses condition values of the typed operator families as IAM reads them.</summary>
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
public static class ConditionValueParsers
{
    // The common W3C forms, tried before the general (slower) parser.
    private static readonly string[] IsoFormats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd"];

    public static bool TryParseNumber(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary>Dates are W3C ISO 8601 forms or epoch seconds.</summary>
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
    public static bool TryParseDate(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        if (text.IsEmpty)
        {
            return false;
        }

        if (IsAllDigits(text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch))
        {
            if (epoch > 253402300799)
            {
                return false;
            }

            utcTicks = DateTimeOffset.FromUnixTimeSeconds(epoch).UtcTicks;
            return true;
        }

        if (text[0] is < '0' or > '9')
        {
            return false;
        }

        if (DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var exact))
        {
            utcTicks = exact.UtcTicks;
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            utcTicks = parsed.UtcTicks;
            return true;
        }

        return false;
    }

    public static bool TryParseIp(ReadOnlySpan<char> text, out IpValue value)
    {
        value = default;
        if (text.IsEmpty || text.IndexOfAny('/', '%') >= 0 || !IPAddress.TryParse(text, out var address))
        {
            return false;
        }

        value = ToValue(address);
        return true;
    }

    /// <summary>A CIDR block, or a bare address meaning /32 (IPv4) or /128 (IPv6).</summary>
    public static bool TryParseNetwork(ReadOnlySpan<char> text, out IpNetwork network)
    {
        network = default;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!TryParseIp(addressText, out var ip))
        {
            return false;
        }

        var width = ip.IsV6 ? 128 : 32;
        var prefix = width;
        if (slash >= 0)
        {
            var prefixText = text[(slash + 1)..];
            if (!IsAllDigits(prefixText) || !int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out prefix) || prefix > width)
            {
                return false;
            }
        }

        network = new IpNetwork(ip.Address, prefix, ip.IsV6);
        return true;
    }

    public static bool TryParseBool(ReadOnlySpan<char> text, out bool value)
    {
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            value = true;
            return true;
        }

        value = false;
        return text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    public static bool TryParseBinary(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0)
        {
            return true;
        }

        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }

    private static IpValue ToValue(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        UInt128 number = 0;
        for (var i = 0; i < written; i++)
        {
            number = (number << 8) | bytes[i];
        }

        return new IpValue(number, address.AddressFamily == AddressFamily.InterNetworkV6);
    }

    private static bool IsAllDigits(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
