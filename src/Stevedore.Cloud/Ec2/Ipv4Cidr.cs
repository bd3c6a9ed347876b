using System.Globalization;

namespace Stevedore.Cloud.Ec2;

/// <summary>An IPv4 CIDR block (<c>10.0.0.0/16</c>) as EC2 accepts it: the address must be the network address.</summary>
public readonly record struct Ipv4Cidr(uint Network, int PrefixLength)
{
    public uint Size => PrefixLength == 0 ? uint.MaxValue : 1u << (32 - PrefixLength);

    public uint Last => Network + (Size - 1);

    public bool Contains(Ipv4Cidr other) => other.Network >= Network && other.Last <= Last;

    public bool Overlaps(Ipv4Cidr other) => Network <= other.Last && other.Network <= Last;

    /// <summary>Parses <c>a.b.c.d/n</c>; host bits must be zero (EC2 rejects <c>10.0.0.1/16</c>).</summary>
    public static bool TryParse(string? text, out Ipv4Cidr cidr)
    {
        cidr = default;
        var slash = text?.IndexOf('/') ?? -1;
        if (text is null || slash < 0
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > 32)
        {
            return false;
        }

        var parts = text[..slash].Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        uint address = 0;
        foreach (var part in parts)
        {
            if (part.Length is 0 or > 3 || !byte.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var octet))
            {
                return false;
            }

            address = (address << 8) | octet;
        }

        var mask = length == 0 ? 0u : uint.MaxValue << (32 - length);
        if ((address & ~mask) != 0)
        {
            return false;
        }

        cidr = new Ipv4Cidr(address, length);
        return true;
    }
}
