using System.Buffers.Text;
using System.Text;

namespace Stevedore.Storage;

/// <summary>
/// Opaque list markers shared by the backends: the kind and the last normalized name returned,
/// base64url-encoded. A listing continues strictly after that name.
/// </summary>
public static class ListMarker
{
    private const string Prefix = "1:";

    public static string Encode(ResourceKind kind, string lastNormalizedName) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + kind.Name + "\n" + lastNormalizedName));

    /// <summary>The last normalized name, or throws <see cref="InvalidMarkerException"/>.</summary>
    public static string Decode(ResourceKind kind, string marker)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(marker));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new InvalidMarkerException(marker);
        }

        var expected = Prefix + kind.Name + "\n";
        if (!text.StartsWith(expected, StringComparison.Ordinal) || text.Length == expected.Length)
        {
            throw new InvalidMarkerException(marker);
        }

        return text[expected.Length..];
    }
}
