using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Stevedore.Cloud.Logs;

/// <summary>Opaque next tokens for listings computed in memory: a kind tag and an offset, base64url-encoded.</summary>
internal static class OffsetToken
{
    public static string Encode(string kind, int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{kind}:{offset.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The offset, 0 when there is no token; <c>InvalidParameterException</c> for a token not made here.</summary>
    public static int Decode(string kind, string? token)
    {
        if (token is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(kind + ":", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(kind.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                return offset;
            }
        }
        catch (FormatException)
        {
        }

        throw LogsErrors.InvalidToken();
    }
}
