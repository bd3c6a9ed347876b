using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Stevedore.Aws.Models;

namespace Stevedore.Server.Tests.Robustness;

/// <summary>
/// A REST-XML request (S3's) from an operation's input tree, placed as the model says: URI labels, query string,
/// headers, header maps and the payload (raw bytes, or an XML document for a structure).
/// </summary>
internal static class RestXmlRequests
{
    public static (string Method, string RawPath, string RawQuery, List<KeyValuePair<string, string>> Headers, byte[] Body) Build(
        OperationModel operation, JsonObject input)
    {
        var shape = operation.Input?.Shape;
        var uri = operation.RequestUri;
        var queryStart = uri.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? uri : uri[..queryStart];
        var query = new List<string>();
        if (queryStart >= 0)
        {
            query.Add(uri[(queryStart + 1)..]);
        }

        var headers = new List<KeyValuePair<string, string>>();
        var body = Array.Empty<byte>();
        foreach (var member in shape?.Members ?? [])
        {
            if (!input.TryGetPropertyValue(member.Name, out var value) || value is null)
            {
                // A label the input leaves out is still part of the path: an empty one.
                path = path.Replace("{" + member.WireName + "+}", "", StringComparison.Ordinal).Replace("{" + member.WireName + "}", "", StringComparison.Ordinal);
                continue;
            }

            switch (member.Location)
            {
                case "uri":
                    path = path.Replace("{" + member.WireName + "+}", string.Join('/', Text(member.Shape, value).Split('/').Select(Uri.EscapeDataString)), StringComparison.Ordinal)
                        .Replace("{" + member.WireName + "}", Uri.EscapeDataString(Text(member.Shape, value)), StringComparison.Ordinal);
                    break;
                case "querystring":
                    query.Add(Uri.EscapeDataString(member.WireName) + "=" + Uri.EscapeDataString(Text(member.Shape, value)));
                    break;
                case "header":
                    headers.Add(new(member.WireName, HeaderSafe(Text(member.Shape, value))));
                    break;
                case "headers" when value is JsonObject map:
                    foreach (var (key, item) in map)
                    {
                        headers.Add(new(member.WireName + HeaderSafe(key).Replace(' ', '-').Replace(':', '-'), HeaderSafe(item?.ToString() ?? "")));
                    }

                    break;
                default:
                    if (shape!.Payload == member.Name)
                    {
                        body = member.Shape.Type == ShapeType.Structure && value is JsonObject document
                            ? Xml(member, document)
                            : member.Shape.Type == ShapeType.Blob ? Convert.FromBase64String(value.GetValue<string>()) : Encoding.UTF8.GetBytes(Text(member.Shape, value));
                    }

                    break;
            }
        }

        return (operation.HttpMethod, path.Length == 0 ? "/" : path, string.Join('&', query.Where(q => q.Length > 0)), headers, body);
    }

    /// <summary>A scalar as REST-XML writes it in a URI, query or header (timestamps as RFC 1123 dates).</summary>
    private static string Text(Shape shape, JsonNode value) => shape.Type switch
    {
        ShapeType.Timestamp => DateTimeOffset.UnixEpoch.AddSeconds(Math.Clamp(value.GetValue<double>(), 0, 253_402_300_799)).ToString("r", CultureInfo.InvariantCulture),
        ShapeType.Boolean => value.GetValue<bool>() ? "true" : "false",
        _ => value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString(),
    };

    /// <summary>What an HTTP client can send in a header: printable ASCII, the rest as '?'.</summary>
    private static string HeaderSafe(string text) =>
        string.Concat(text.Take(200).Select(ch => ch is >= ' ' and <= '~' ? ch : '?'));

    private static byte[] Xml(MemberModel member, JsonObject document)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { CheckCharacters = false, Encoding = new UTF8Encoding(false) }))
        {
            writer.WriteStartElement(member.WireName, "http://s3.amazonaws.com/doc/2006-03-01/");
            Members(writer, member.Shape, document);
            writer.WriteEndElement();
        }

        return stream.ToArray();
    }

    private static void Members(XmlWriter writer, Shape shape, JsonObject value)
    {
        foreach (var (name, item) in value)
        {
            var member = shape.MembersByName[name];
            if (item is not null)
            {
                Element(writer, member.WireName, member.Shape, item, member.Flattened || member.Shape.Flattened);
            }
        }
    }

    private static void Element(XmlWriter writer, string name, Shape shape, JsonNode value, bool flattened)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure when value is JsonObject structure:
                writer.WriteStartElement(name);
                Members(writer, shape, structure);
                writer.WriteEndElement();
                break;
            case ShapeType.List when value is JsonArray list:
                if (!flattened)
                {
                    writer.WriteStartElement(name);
                }

                foreach (var item in list.OfType<JsonNode>())
                {
                    Element(writer, flattened ? name : shape.Member!.WireName, shape.Member!.Shape, item, false);
                }

                if (!flattened)
                {
                    writer.WriteEndElement();
                }

                break;
            default:
                writer.WriteElementString(name, Text(shape, value));
                break;
        }
    }
}
