using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// Encodes an operation's output tree (keyed by model member names) as the Query protocol's XML:
/// <c>&lt;OpResponse xmlns="…"&gt;&lt;OpResult&gt;…&lt;/OpResult&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;…</c>.
/// Lists are <c>&lt;member&gt;</c> elements (repeated elements when flattened), maps
/// <c>&lt;entry&gt;&lt;key/&gt;&lt;value/&gt;&lt;/entry&gt;</c>; null and absent members are omitted.
/// </summary>
public static class QueryResponseEncoder
{
    /// <summary>The content type IAM and STS answer with.</summary>
    public const string ContentType = "text/xml";

    /// <summary>The XmlWriter settings of the error documents; <see cref="XmlOut"/> writes what they would.</summary>
    internal static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = false,
        Indent = false,

        // A character XML 1.0 cannot carry (a control character echoed from a request) is written as a character
        // reference, as AWS writes it (https://github.com/boto/botocore/issues/3496), instead of failing the answer.
        CheckCharacters = false,
    };

    /// <summary>Encodes a successful response. <paramref name="output"/> may be null for operations without output.</summary>
    public static byte[] Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId)
    {
        var w = XmlOut.Rent();
        w.StartElement(operation.Name + "Response", model.XmlNamespace);
        if (operation.Output is { } outputRef)
        {
            var wrapper = operation.ResultWrapper;
            if (wrapper is not null)
            {
                w.StartElement(wrapper);
            }
            WriteMembers(w, outputRef.Shape, output ?? []);
            if (wrapper is not null)
            {
                w.EndElement();
            }
        }
        w.StartElement("ResponseMetadata");
        w.ElementString("RequestId", requestId);
        w.EndElement();
        w.EndElement();
        return w.ToArrayAndReturn();
    }

    internal static void WriteMembers(XmlOut w, Shape shape, JsonObject value)
    {
        foreach (var member in shape.Members)
        {
            if (value.TryGetPropertyValue(member.Name, out var node) && node is not null)
            {
                WriteMember(w, member, member.WireName, node);
            }
        }
    }

    private static void WriteMember(XmlOut w, MemberModel member, string name, JsonNode node)
    {
        var shape = member.Shape;
        switch (shape.Type)
        {
            case ShapeType.Structure:
                w.StartElement(name);
                WriteMembers(w, shape, node.AsObject());
                w.EndElement();
                break;
            case ShapeType.List:
                {
                    var element = shape.Member!;
                    if (member.IsFlattened)
                    {
                        var elementName = element.LocationName ?? name;
                        foreach (var item in node.AsArray())
                        {
                            if (item is not null)
                            {
                                WriteMember(w, element, elementName, item);
                            }
                        }
                    }
                    else
                    {
                        w.StartElement(name);
                        var elementName = element.LocationName ?? "member";
                        foreach (var item in node.AsArray())
                        {
                            if (item is not null)
                            {
                                WriteMember(w, element, elementName, item);
                            }
                        }
                        w.EndElement();
                    }
                    break;
                }
            case ShapeType.Map:
                {
                    var keyName = shape.Key!.LocationName ?? "key";
                    var valueName = shape.Value!.LocationName ?? "value";
                    if (!member.IsFlattened)
                    {
                        w.StartElement(name);
                    }
                    foreach (var (key, value) in node.AsObject())
                    {
                        w.StartElement(member.IsFlattened ? name : "entry");
                        w.ElementString(keyName, key);
                        if (value is not null)
                        {
                            WriteMember(w, shape.Value, valueName, value);
                        }
                        w.EndElement();
                    }
                    if (!member.IsFlattened)
                    {
                        w.EndElement();
                    }
                    break;
                }
            default:
                w.ElementString(name, XmlValues.Format(shape, node));
                break;
        }
    }
}
