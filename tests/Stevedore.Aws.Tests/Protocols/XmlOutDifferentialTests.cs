using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Aws.Tests.Protocols;

/// <summary>
/// The Query and EC2 response encoders write XML by hand (<c>XmlOut</c>); these tests hold their bytes to what
/// <see cref="XmlWriter"/> writes for the same tree, over random outputs of every IAM, STS and EC2 operation,
/// with text full of markup characters, line breaks, non-ASCII and surrogate pairs.
/// </summary>
public sealed class XmlOutDifferentialTests
{
    private static readonly string[] Pieces = ["a", "&", "<", ">", "\"", "'", "\r\n", "\r", "\n", "\t", " ", "é", "€", "😀", "]]>", "&amp;", "x y", ""];

    public static TheoryData<string> Services => ["iam", "sts", "ec2"];

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_operations_random_outputs_encode_to_the_bytes_XmlWriter_writes(string service)
    {
        var model = ServiceModel.Load(service);
        var random = new Random(service.GetHashCode(StringComparison.Ordinal) ^ 20261202);
        var compared = 0;
        foreach (var operation in model.Operations.Values.Where(o => o.Output is not null).OrderBy(o => o.Name, StringComparer.Ordinal))
        {
            for (var round = 0; round < 8; round++)
            {
                var output = (JsonObject)RandomValue(operation.Output!.Shape, random, depth: 0)!;
                var expected = service == "ec2" ? Ec2Reference(model, operation, output, "req-1") : QueryReference(model, operation, output, "req-1");
                var actual = service == "ec2"
                    ? Ec2ResponseEncoder.Encode(model, operation, output, "req-1")
                    : QueryResponseEncoder.Encode(model, operation, output, "req-1");
                Assert.True(expected.AsSpan().SequenceEqual(actual),
                    $"{service} {operation.Name}:\nexpected {Encoding.UTF8.GetString(expected)}\nactual   {Encoding.UTF8.GetString(actual)}");
                compared++;
            }
        }

        Assert.True(compared >= 16, $"only {compared} documents compared");
    }

    [Theory]
    [InlineData("\u0001", "&#x1;")]
    [InlineData("a\u001Fb", "a&#x1F;b")]
    [InlineData("\u0000", "&#x0;")]
    [InlineData("\uFFFE", "&#xFFFE;")]
    public void Characters_XML_cannot_carry_are_written_as_character_references_as_AWS_writes_them(string text, string written)
    {
        // A control character echoed from a request once failed the whole answer (HTTP 500 with no body).
        var model = ServiceModel.Load("sts");
        var operation = model.Operations["GetCallerIdentity"];
        var output = new JsonObject { ["UserId"] = text };

        var encoded = QueryResponseEncoder.Encode(model, operation, output, "r");
        Assert.Equal(QueryReference(model, operation, output, "r"), encoded);
        Assert.Contains($"<UserId>{written}</UserId>", Encoding.UTF8.GetString(encoded), StringComparison.Ordinal);
    }

    [Fact]
    public void An_error_message_with_a_control_character_is_encoded_not_thrown()
    {
        var body = Encoding.UTF8.GetString(QueryErrorEncoder.Encode(ServiceModel.Load("iam"), new AwsServiceException("ValidationError", "bad \u0000 name"), "r"));
        Assert.Contains("<Message>bad &#x0; name</Message>", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_is_refused_as_XmlWriter_refuses_it()
    {
        // Built here, not in InlineData: xUnit's serialization of theory data would replace a lone surrogate.
        var model = ServiceModel.Load("sts");
        var operation = model.Operations["GetCallerIdentity"];
        foreach (var text in new[] { "lone " + '\uD800' + " high", "lone " + '\uDC00' + " low", "end " + '\uD800' })
        {
            var output = new JsonObject { ["UserId"] = text };
            Assert.Throws<ArgumentException>(() => QueryReference(model, operation, output, "r"));
            Assert.Throws<ArgumentException>(() => QueryResponseEncoder.Encode(model, operation, output, "r"));
        }
    }

    private static JsonNode? RandomValue(Shape shape, Random random, int depth)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                var obj = new JsonObject();
                foreach (var member in shape.Members)
                {
                    if (depth < 4 && random.Next(4) != 0)
                    {
                        obj[member.Name] = RandomValue(member.Shape, random, depth + 1);
                    }
                }

                return obj;
            case ShapeType.List:
                var list = new JsonArray();
                for (var i = random.Next(depth < 4 ? 3 : 1); i > 0; i--)
                {
                    list.Add(RandomValue(shape.Member!.Shape, random, depth + 1));
                }

                return list;
            case ShapeType.Map:
                var map = new JsonObject();
                for (var i = random.Next(depth < 4 ? 3 : 1); i > 0; i--)
                {
                    map[RandomText(random) + i] = RandomValue(shape.Value!.Shape, random, depth + 1);
                }

                return map;
            case ShapeType.Boolean:
                return random.Next(2) == 0;
            case ShapeType.Integer or ShapeType.Long:
                return random.Next(-5, 100_000);
            case ShapeType.Float or ShapeType.Double:
                return random.Next(0, 1000) / 8.0;
            case ShapeType.Timestamp:
                return new DateTimeOffset(2024, 1, 2, 3, 4, 5, random.Next(2) * 123, TimeSpan.FromHours(random.Next(-2, 3)));
            case ShapeType.Blob:
                return JsonValue.Create(Encoding.UTF8.GetBytes(RandomText(random)));
            default:
                return RandomText(random);
        }
    }

    private static string RandomText(Random random)
    {
        var text = new StringBuilder();
        for (var i = random.Next(0, 6); i > 0; i--)
        {
            text.Append(Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }

    // The encoders as they were written on XmlWriter, kept as the reference.
    private static byte[] QueryReference(ServiceModel model, OperationModel operation, JsonObject? output, string requestId)
    {
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement(operation.Name + "Response", model.XmlNamespace ?? "");
            if (operation.Output is { } outputRef)
            {
                if (operation.ResultWrapper is { } wrapper)
                {
                    w.WriteStartElement(wrapper);
                    WriteMembers(w, outputRef.Shape, output ?? []);
                    w.WriteEndElement();
                }
                else
                {
                    WriteMembers(w, outputRef.Shape, output ?? []);
                }
            }

            w.WriteStartElement("ResponseMetadata");
            w.WriteElementString("RequestId", requestId);
            w.WriteEndElement();
            w.WriteEndElement();
        }

        return stream.ToArray();
    }

    private static byte[] Ec2Reference(ServiceModel model, OperationModel operation, JsonObject? output, string requestId)
    {
        var ns = model.XmlNamespace ?? $"http://ec2.amazonaws.com/doc/{model.ApiVersion}";
        ns = ns.EndsWith('/') ? ns : ns + "/";
        using var stream = new MemoryStream();
        using (var w = XmlWriter.Create(stream, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement(operation.Name + "Response", ns);
            w.WriteElementString("requestId", ns, requestId);
            WriteMembers(w, operation.Output!.Shape, output ?? []);
            w.WriteEndElement();
        }

        return stream.ToArray();
    }

    private static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        OmitXmlDeclaration = false,
        Indent = false,
        CheckCharacters = false,
    };

    private static void WriteMembers(XmlWriter w, Shape shape, JsonObject value)
    {
        foreach (var member in shape.Members)
        {
            if (value.TryGetPropertyValue(member.Name, out var node) && node is not null)
            {
                WriteMember(w, member, member.WireName, node);
            }
        }
    }

    private static void WriteMember(XmlWriter w, MemberModel member, string name, JsonNode node)
    {
        var shape = member.Shape;
        switch (shape.Type)
        {
            case ShapeType.Structure:
                w.WriteStartElement(name);
                WriteMembers(w, shape, node.AsObject());
                w.WriteEndElement();
                break;
            case ShapeType.List:
                var element = shape.Member!;
                var elementName = member.IsFlattened ? element.LocationName ?? name : element.LocationName ?? "member";
                if (!member.IsFlattened)
                {
                    w.WriteStartElement(name);
                }

                foreach (var item in node.AsArray())
                {
                    if (item is not null)
                    {
                        WriteMember(w, element, elementName, item);
                    }
                }

                if (!member.IsFlattened)
                {
                    w.WriteEndElement();
                }

                break;
            case ShapeType.Map:
                var keyName = shape.Key!.LocationName ?? "key";
                var valueName = shape.Value!.LocationName ?? "value";
                if (!member.IsFlattened)
                {
                    w.WriteStartElement(name);
                }

                foreach (var (key, value) in node.AsObject())
                {
                    w.WriteStartElement(member.IsFlattened ? name : "entry");
                    w.WriteElementString(keyName, key);
                    if (value is not null)
                    {
                        WriteMember(w, shape.Value, valueName, value);
                    }

                    w.WriteEndElement();
                }

                if (!member.IsFlattened)
                {
                    w.WriteEndElement();
                }

                break;
            default:
                w.WriteElementString(name, XmlValues.Format(shape, node));
                break;
        }
    }
}
