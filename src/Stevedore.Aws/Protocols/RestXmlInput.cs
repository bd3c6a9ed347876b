using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>Reads a REST-XML request's input members from the URI labels, query string, headers and body.</summary>
internal static class RestXmlInput
{
    public static ILookup<string, string> ParseQuery(string rawQuery) =>
        rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var name = eq < 0 ? part : part[..eq];
                var value = eq < 0 ? "" : part[(eq + 1)..];
                return (Name: FormDecode(name), Value: FormDecode(value));
            })
            .ToLookup(p => p.Name, p => p.Value, StringComparer.Ordinal);

    public static JsonObject Decode(Shape shape, WireRequest request, Dictionary<string, string> labels, ILookup<string, string> query)
    {
        var input = new JsonObject();
        foreach (var member in shape.Members)
        {
            JsonNode? value = member.Location switch
            {
                "uri" => labels.TryGetValue(member.WireName, out var label) ? Scalar(member, label, "uri") : null,
                "querystring" => QueryValue(member, query),
                "header" => request.Header(member.WireName) is { } header ? HeaderValue(member, header) : null,
                "headers" => HeaderMap(member, request),
                _ => null,
            };
            if (value is not null)
            {
                input[member.Name] = value;
            }
        }

        if (shape.Payload is { } payloadName && shape.MembersByName.TryGetValue(payloadName, out var payload))
        {
            var body = request.Body;
            switch (payload.Shape.Type)
            {
                case ShapeType.Blob:
                    input[payload.Name] = BlobValue.Create(body.ToArray());
                    break;
                case ShapeType.String when !body.IsEmpty:
                    input[payload.Name] = Encoding.UTF8.GetString(body.Span);
                    break;
                case ShapeType.Structure when !body.IsEmpty:
                    input[payload.Name] = Structure(payload.Shape, ParseXml(body));
                    break;
            }
        }
        else if (!request.Body.IsEmpty && shape.Members.Any(m => m.Location is null))
        {
            var root = ParseXml(request.Body);
            foreach (var (name, node) in Structure(shape, root, bodyOnly: true))
            {
                input[name] = node?.DeepClone();
            }
        }

        return input;
    }

    private static XElement ParseXml(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(stream, settings);
            return XElement.Load(reader);
        }
        catch (XmlException)
        {
            // https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
            throw new AwsServiceException("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema");
        }
    }

    private static JsonObject Structure(Shape shape, XElement element, bool bodyOnly = false)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            if (bodyOnly && member.Location is not null)
            {
                continue;
            }

            var value = Member(member, element);
            if (value is not null)
            {
                result[member.Name] = value;
            }
        }

        return result;
    }

    private static JsonNode? Member(MemberModel member, XElement parent)
    {
        var shape = member.Shape;
        if (shape.Type == ShapeType.List)
        {
            var item = shape.Member!;
            IEnumerable<XElement> elements;
            if (member.IsFlattened)
            {
                elements = Children(parent, member.LocationName ?? item.LocationName ?? member.Name);
            }
            else
            {
                var wrapper = Children(parent, member.WireName).FirstOrDefault();
                if (wrapper is null)
                {
                    return null;
                }

                elements = Children(wrapper, item.LocationName ?? "member");
            }

            var list = new JsonArray();
            foreach (var element in elements)
            {
                list.Add(Element(item.Shape, element));
            }

            return list.Count == 0 && member.IsFlattened ? null : list;
        }

        var child = Children(parent, member.WireName).FirstOrDefault();
        return child is null ? null : Element(shape, child);
    }

    private static JsonNode? Element(Shape shape, XElement element) => shape.Type switch
    {
        ShapeType.Structure => Structure(shape, element),
        ShapeType.List or ShapeType.Map => null,
        _ => Scalar(shape, element.Value, "body"),
    };

    private static IEnumerable<XElement> Children(XElement parent, string name) =>
        parent.Elements().Where(e => e.Name.LocalName == name);

    private static JsonNode? QueryValue(MemberModel member, ILookup<string, string> query)
    {
        if (!query.Contains(member.WireName))
        {
            return null;
        }

        if (member.Shape.Type == ShapeType.List)
        {
            var list = new JsonArray();
            foreach (var value in query[member.WireName])
            {
                list.Add(Scalar(member.Shape.Member!.Shape, value, "querystring"));
            }

            return list;
        }

        return Scalar(member, query[member.WireName].First(), "querystring");
    }

    private static JsonNode? HeaderValue(MemberModel member, string header)
    {
        if (member.Shape.Type == ShapeType.List)
        {
            var list = new JsonArray();
            foreach (var part in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                list.Add(Scalar(member.Shape.Member!.Shape, part, "header"));
            }

            return list;
        }

        return Scalar(member, header, "header");
    }

    private static JsonObject? HeaderMap(MemberModel member, WireRequest request)
    {
        var prefix = member.LocationName ?? "";
        var map = new JsonObject();
        foreach (var (name, value) in request.Headers)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && name.Length > prefix.Length)
            {
                map[name[prefix.Length..].ToLowerInvariant()] = value;
            }
        }

        return map.Count == 0 ? null : map;
    }

    private static JsonNode? Scalar(MemberModel member, string text, string location) => Scalar(member.Shape, text, location, member.WireName);

    private static JsonNode? Scalar(Shape shape, string text, string location, string? name = null)
    {
        switch (shape.Type)
        {
            case ShapeType.String:
                return JsonValue.Create(text);
            case ShapeType.Boolean:
                return bool.TryParse(text, out var b) ? JsonValue.Create(b) : throw Invalid(name ?? shape.Name, text);
            case ShapeType.Integer:
                return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? JsonValue.Create(i) : throw Invalid(name ?? shape.Name, text);
            case ShapeType.Long:
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? JsonValue.Create(l) : throw Invalid(name ?? shape.Name, text);
            case ShapeType.Float or ShapeType.Double:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : throw Invalid(name ?? shape.Name, text);
            case ShapeType.Timestamp:
                return ParseTimestamp(text, location) is { } t ? JsonValue.Create(t) : throw Invalid(name ?? shape.Name, text);
            case ShapeType.Blob:
                try
                {
                    return BlobValue.Create(location == "body" ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text));
                }
                catch (FormatException)
                {
                    throw Invalid(name ?? shape.Name, text);
                }

            default:
                return null;
        }
    }

    private static DateTimeOffset? ParseTimestamp(string text, string location)
    {
        if (location == "header" && DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rfc))
        {
            return rfc;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso)
            ? iso
            : null;
    }

    private static AwsServiceException Invalid(string name, string value) =>
        new RestXmlException("InvalidArgument", $"Invalid value for {name}: {value}", 400, [new("ArgumentName", name), new("ArgumentValue", value)]);

    private static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
