using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Stevedore.Cli.Templates;

/// <summary>
/// Reads a YAML CloudFormation template into the JSON tree CloudFormation itself works on, recording the line and
/// column of every node. The short intrinsic forms become their full forms (<c>!Ref X</c> → <c>{"Ref": "X"}</c>,
/// <c>!GetAtt A.B</c> → <c>{"Fn::GetAtt": ["A", "B"]}</c>, <c>!Sub …</c> → <c>{"Fn::Sub": …}</c>). Scalars stay
/// text (CloudFormation converts them to the property's type); <c>~</c>/<c>null</c> are null. Uses YamlDotNet's
/// event parser only (no reflection), so it runs in the Native AOT binary.
/// </summary>
// Short forms: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
internal sealed class TemplateYamlReader
{
    private readonly IParser _parser;
    private readonly CheckJsonLocator _locator;
    private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);

    private TemplateYamlReader(IParser parser, CheckJsonLocator locator)
    {
        _parser = parser;
        _locator = locator;
    }

    /// <summary>The tree and its positions; a YAML error is a <see cref="CliException"/> with the file, line and column.</summary>
    public static (JsonNode? Root, CheckJsonLocator Locator) Read(string path, string text)
    {
        var locator = CheckJsonLocator.Empty();
        try
        {
            var parser = new Parser(new StringReader(text));
            var reader = new TemplateYamlReader(parser, locator);
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                throw new CliException($"{path}: the template is empty");
            }

            parser.Consume<DocumentStart>();
            var root = reader.Node("$");
            parser.Consume<DocumentEnd>();
            return (root, locator);
        }
        catch (YamlException e)
        {
            throw new CliException($"{path}:{e.Start.Line}:{e.Start.Column}: not valid YAML: {e.Message}");
        }
    }

    private JsonNode? Node(string path)
    {
        var current = _parser.Current ?? throw new YamlException("unexpected end of the document");
        _locator.Add(path, ((int)current.Start.Line, (int)current.Start.Column));
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            return _anchors.TryGetValue(alias.Value.Value, out var anchored)
                ? anchored?.DeepClone()
                : throw new YamlException(alias.Start, alias.End, $"unknown alias *{alias.Value.Value}");
        }

        var (tag, anchor) = current is NodeEvent node ? (node.Tag.IsEmpty ? null : node.Tag.Value, node.Anchor.IsEmpty ? null : node.Anchor.Value) : (null, null);
        var function = tag is null || tag.StartsWith("tag:yaml.org,2002:", StringComparison.Ordinal) ? null : Function(tag, current);
        var inner = function is null ? path : CheckJsonLocator.Member(path, function);
        if (function is not null)
        {
            _locator.Add(inner, ((int)current.Start.Line, (int)current.Start.Column));
        }

        JsonNode? value;
        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            value = scalar.Style == ScalarStyle.Plain && scalar.Value is "~" or "null" or "Null" or "NULL" or "" && tag is null
                ? null
                : JsonValue.Create(scalar.Value);
            if (function == "Fn::GetAtt" && value is not null)
            {
                // !GetAtt Resource.Attribute: the first dot separates the resource from the attribute.
                var text = scalar.Value;
                var dot = text.IndexOf('.');
                value = dot > 0 ? new JsonArray(JsonValue.Create(text[..dot]), JsonValue.Create(text[(dot + 1)..])) : value;
            }
        }
        else if (_parser.TryConsume<SequenceStart>(out _))
        {
            var array = new JsonArray();
            while (!_parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(Node($"{inner}[{array.Count}]"));
            }

            value = array;
        }
        else if (_parser.TryConsume<MappingStart>(out _))
        {
            var map = new JsonObject();
            while (!_parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = _parser.Consume<Scalar>();
                var member = CheckJsonLocator.Member(inner, keyEvent.Value);
                _locator.Add(member, ((int)keyEvent.Start.Line, (int)keyEvent.Start.Column));
                var item = Node(member);
                if (!map.TryAdd(keyEvent.Value, item))
                {
                    throw new YamlException(keyEvent.Start, keyEvent.End, $"duplicate key {keyEvent.Value}");
                }
            }

            value = map;
        }
        else
        {
            throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }

        if (function is not null)
        {
            value = new JsonObject { [function] = value };
        }

        if (anchor is not null)
        {
            _anchors[anchor] = value?.DeepClone();
        }

        return value;
    }

    private static string Function(string tag, ParsingEvent at) => tag switch
    {
        "!Ref" => "Ref",
        "!Condition" => "Condition",
        _ when tag.Length > 1 && tag[0] == '!' && !tag.Contains(':') => "Fn::" + tag[1..],
        _ => throw new YamlException(at.Start, at.End, $"unknown tag {tag}"),
    };
}
