using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>Text forms of scalar values in AWS's XML protocols (Query and REST-XML).</summary>
public static class XmlValues
{
    /// <summary>ISO 8601 UTC with <c>Z</c>: <c>2024-01-02T03:04:05Z</c>, or with milliseconds when it has any.</summary>
    public static string Timestamp(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return utc.Millisecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>The text of a scalar node for a shape: booleans lower-case, numbers invariant, timestamps ISO 8601, blobs base64.</summary>
    public static string Format(Shape shape, JsonNode node)
    {
        var value = node.AsValue();
        switch (shape.Type)
        {
            case ShapeType.Timestamp:
                if (value.TryGetValue<DateTimeOffset>(out var dto))
                {
                    return Timestamp(dto);
                }
                if (value.TryGetValue<DateTime>(out var dt))
                {
                    return Timestamp(dt.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(dt, TimeSpan.Zero) : new DateTimeOffset(dt));
                }
                break;
            case ShapeType.Blob when value.TryGetValue<byte[]>(out var bytes):
                return Convert.ToBase64String(bytes);
        }
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => value.ToJsonString(),
        };
    }
}
