using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Iam;

/// <summary>How IAM puts its values on the wire; shared by every IAM operation.</summary>
internal static class IamWire
{
    /// <summary>
    /// Policy documents come back URL-encoded (RFC 3986: everything but unreserved characters), as IAM returns
    /// them; clients decode them.
    /// </summary>
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRolePolicy.html (PolicyDocument: "URL-encoded compliant with RFC 3986")
    public static string EncodeDocument(string document)
    {
        // The same stored document (a role read from the store's read cache) is encoded once.
        if (Encoded.TryGet(document, out var encoded))
        {
            return encoded;
        }

        encoded = Uri.EscapeDataString(document);
        Encoded.Set(document, encoded);
        return encoded;
    }

    private static readonly IdentityCache<string> Encoded = new();

    public static JsonArray Tags(IEnumerable<Tag> tags) =>
        [.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];

    public static List<Tag> ReadTags(JsonNode? tags) =>
        tags is JsonArray array ? [.. array.Select(t => new Tag(t!["Key"]!.GetValue<string>(), t["Value"]!.GetValue<string>()))] : [];

    /// <summary>
    /// One page of a sorted list: <c>MaxItems</c> (1–1000, default 100) and an opaque <c>Marker</c>; the last
    /// page has <c>IsTruncated</c> false and no Marker.
    /// </summary>
    // https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
    public static JsonObject Page<T>(IReadOnlyList<T> sorted, Func<T, string> name, JsonObject input, string member, Func<T, JsonNode> render)
    {
        var maxItems = input["MaxItems"]?.GetValue<int>() ?? 100;
        var start = 0;
        if (input["Marker"]?.GetValue<string>() is { } marker)
        {
            var after = DecodeMarker(marker);
            while (start < sorted.Count && string.Compare(name(sorted[start]), after, StringComparison.OrdinalIgnoreCase) <= 0)
            {
                start++;
            }
        }

        var page = sorted.Skip(start).Take(maxItems).ToList();
        var truncated = start + page.Count < sorted.Count;
        var output = new JsonObject
        {
            [member] = new JsonArray([.. page.Select(render)]),
            ["IsTruncated"] = truncated,
        };
        if (truncated)
        {
            output["Marker"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(name(page[^1])));
        }

        return output;
    }

    private static string DecodeMarker(string marker)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(marker));
        }
        catch (FormatException)
        {
            throw new AwsServiceException("ValidationError", "Invalid Marker.", 400);
        }
    }
}
