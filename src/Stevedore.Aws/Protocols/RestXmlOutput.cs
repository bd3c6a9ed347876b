using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>Writes REST-XML outputs (status, header members, raw or XML payloads) and errors (<c>&lt;Error&gt;</c> documents).</summary>
internal static class RestXmlOutput
{
    private const string XmlContentType = "application/xml";

    public static WireResponse Encode(OperationModel operation, JsonObject? output, RestXmlOptions options, string requestId)
    {
        var status = output?[RestXmlProtocol.StatusKey]?.GetValue<int>() ?? operation.ResponseCode;
        var headers = new List<KeyValuePair<string, string>>(RequestIdHeaders(requestId));
        string? contentType = null;
        ReadOnlyMemory<byte> body = ReadOnlyMemory<byte>.Empty;
        if (operation.Output is { } outputRef && output is not null)
        {
            var shape = outputRef.Shape;
            foreach (var member in shape.Members)
            {
                if (!output.TryGetPropertyValue(member.Name, out var node) || node is null)
                {
                    continue;
                }

                switch (member.Location)
                {
                    case "header" when string.Equals(member.WireName, "Content-Type", StringComparison.OrdinalIgnoreCase):
                        contentType = node.GetValue<string>();
                        break;
                    case "header":
                        headers.Add(new(member.WireName, HeaderText(member.Shape, node)));
                        break;
                    case "headers":
                        foreach (var (key, value) in node.AsObject())
                        {
                            headers.Add(new((member.LocationName ?? "") + key, value?.GetValue<string>() ?? ""));
                        }

                        break;
                }
            }

            if (shape.Payload is { } payloadName && shape.MembersByName.TryGetValue(payloadName, out var payload))
            {
                if (output[payload.Name] is { } payloadNode)
                {
                    switch (payload.Shape.Type)
                    {
                        case ShapeType.Blob:
                            body = payloadNode.GetValue<byte[]>();
                            contentType ??= "binary/octet-stream";
                            break;
                        case ShapeType.String:
                            body = Encoding.UTF8.GetBytes(payloadNode.GetValue<string>());
                            contentType ??= "application/json";
                            break;
                        default:
                            body = Document(Element(payload.Shape, payloadNode, payload.WireName, options.XmlNamespace));
                            break;
                    }
                }
            }
            else if (shape.Members.Any(m => m.Location is null && output[m.Name] is not null))
            {
                var rootName = options.OutputRootNames.GetValueOrDefault(operation.Name) ?? shape.LocationName ?? operation.Name + "Result";
                var bodyMembers = shape.Members.Where(m => m.Location is null).ToList();
                XElement root;
                if (bodyMembers.Count == 1 && bodyMembers[0].Name == rootName && bodyMembers[0].Shape.Type != ShapeType.Structure)
                {
                    // A document whose root is the one scalar (S3 GetBucketLocation: <LocationConstraint>us-west-2</LocationConstraint>).
                    root = new XElement(Name(rootName, options.XmlNamespace), ScalarText(bodyMembers[0].Shape, output[rootName]!));
                }
                else
                {
                    root = Element(shape, output, rootName, options.XmlNamespace, bodyOnly: true);
                }

                body = Document(root);
            }
            else if (shape.Members.Count(m => m.Location is null) == 1 && options.OutputRootNames.TryGetValue(operation.Name, out var emptyRoot)
                     && emptyRoot == shape.Members.Single(m => m.Location is null).Name)
            {
                // An empty scalar document (GetBucketLocation in us-east-1: <LocationConstraint/>).
                body = Document(new XElement(Name(emptyRoot, options.XmlNamespace)));
            }
        }

        return new WireResponse(status, contentType ?? XmlContentType, body) { Headers = headers };
    }

    public static WireResponse EncodeError(AwsServiceException error, string requestId)
    {
        var root = new XElement("Error", new XElement("Code", error.Code), new XElement("Message", error.Message));
        if (error is RestXmlException detailed)
        {
            foreach (var (name, value) in detailed.Details)
            {
                root.Add(new XElement(name, value));
            }
        }

        root.Add(new XElement("RequestId", requestId), new XElement("HostId", HostId(requestId)));
        return new WireResponse(error.HttpStatus, XmlContentType, Document(root)) { Headers = RequestIdHeaders(requestId) };
    }

    /// <summary>S3's <c>x-amz-request-id</c> and <c>x-amz-id-2</c>.</summary>
    private static List<KeyValuePair<string, string>> RequestIdHeaders(string requestId) =>
        [new("x-amz-request-id", requestId), new("x-amz-id-2", HostId(requestId))];

    private static string HostId(string requestId) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(requestId)));

    private static byte[] Document(XElement root)
    {
        string text;
        try
        {
            text = root.ToString(SaveOptions.DisableFormatting);
        }
        catch (ArgumentException)
        {
            // A character XML 1.0 cannot carry (an object key with a control character, echoed in a listing or an
            // error): written as a character reference, as S3 writes it (https://github.com/boto/botocore/issues/3496).
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            using (var xml = System.Xml.XmlWriter.Create(writer, UncheckedCharacters))
            {
                root.WriteTo(xml);
            }

            text = writer.ToString();
        }

        return Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + text);
    }

    /// <summary>What <c>XElement.ToString(SaveOptions.DisableFormatting)</c> writes, without refusing any character.</summary>
    private static readonly System.Xml.XmlWriterSettings UncheckedCharacters = new()
    {
        OmitXmlDeclaration = true,
        ConformanceLevel = System.Xml.ConformanceLevel.Fragment,
        CheckCharacters = false,
    };

    private static XName Name(string local, string? ns) => ns is null ? XName.Get(local) : XName.Get(local, ns);

    private static XElement Element(Shape shape, JsonNode node, string name, string? ns, bool bodyOnly = false)
    {
        var element = new XElement(Name(name, ns));
        switch (shape.Type)
        {
            case ShapeType.Structure:
                foreach (var member in shape.Members)
                {
                    if ((bodyOnly && member.Location is not null) || node[member.Name] is not { } value)
                    {
                        continue;
                    }

                    if (member.Shape.Type == ShapeType.List)
                    {
                        var item = member.Shape.Member!;
                        if (member.IsFlattened)
                        {
                            foreach (var entry in value.AsArray())
                            {
                                element.Add(Element(item.Shape, entry!, member.LocationName ?? item.LocationName ?? member.Name, ns));
                            }
                        }
                        else
                        {
                            var wrapper = new XElement(Name(member.WireName, ns));
                            foreach (var entry in value.AsArray())
                            {
                                wrapper.Add(Element(item.Shape, entry!, item.LocationName ?? "member", ns));
                            }

                            element.Add(wrapper);
                        }
                    }
                    else
                    {
                        element.Add(Element(member.Shape, value, member.WireName, ns));
                    }
                }

                break;
            default:
                element.Value = ScalarText(shape, node);
                break;
        }

        return element;
    }

    private static string ScalarText(Shape shape, JsonNode node) =>
        shape.Type == ShapeType.Timestamp ? Iso(node.AsValue()) : XmlValues.Format(shape, node);

    /// <summary>S3's body timestamps always carry milliseconds: <c>2009-10-12T17:50:30.000Z</c>.</summary>
    private static string Iso(JsonValue value) =>
        Timestamp(value).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string HeaderText(Shape shape, JsonNode node) => shape.Type switch
    {
        ShapeType.Timestamp => Timestamp(node.AsValue()).ToString("r", CultureInfo.InvariantCulture),
        ShapeType.List => string.Join(',', node.AsArray().Select(n => XmlValues.Format(shape.Member!.Shape, n!))),
        _ => XmlValues.Format(shape, node),
    };

    private static DateTimeOffset Timestamp(JsonValue value)
    {
        if (value.TryGetValue<DateTimeOffset>(out var dto))
        {
            return dto.ToUniversalTime();
        }

        return DateTimeOffset.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();
    }
}
