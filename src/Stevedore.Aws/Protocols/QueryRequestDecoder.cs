using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// Decodes AWS Query-protocol requests (IAM, STS; EC2's variant when the model's protocol is
/// <c>ec2</c>) from form parameters into a value tree shaped by the service model, then
/// validates it as AWS does.
/// </summary>
/// <remarks>
/// Wire names follow botocore's serializers: structure members <c>Prefix.Name</c>
/// (<c>locationName</c> when set), lists <c>Prefix.member.N</c> (or <c>Prefix.N</c> when flattened),
/// maps <c>Prefix.entry.N.key</c>/<c>.value</c>, booleans <c>true</c>/<c>false</c>, timestamps
/// ISO 8601, blobs base64, an empty list as <c>Prefix=</c>. EC2 uses <c>queryName</c> or the
/// capitalized <c>locationName</c> and always flattens lists.
/// </remarks>
public static class QueryRequestDecoder
{
    /// <summary>Form content type of Query requests.</summary>
    public const string FormContentType = "application/x-www-form-urlencoded";

    /// <summary>Decodes a request from its form body and/or query string (GET); body parameters win.</summary>
    /// <param name="validate">False to skip model validation (EC2 validates with its own error codes).</param>
    /// <exception cref="AwsServiceException">MissingAction, InvalidAction, InternalFailure (not implemented), ValidationError.</exception>
    public static QueryRequest Decode(ServiceModel model, string? formBody, string? queryString = null, bool validate = true)
    {
        var parameters = new List<KeyValuePair<string, string>>();
        if (!string.IsNullOrEmpty(queryString))
        {
            parameters.AddRange(ParseForm(queryString));
        }
        if (!string.IsNullOrEmpty(formBody))
        {
            parameters.AddRange(ParseForm(formBody));
        }
        return Decode(model, parameters, validate);
    }

    /// <summary>Decodes a request from its parameters (later duplicates win).</summary>
    /// <exception cref="AwsServiceException">MissingAction, InvalidAction, InternalFailure (not implemented), ValidationError.</exception>
    public static QueryRequest Decode(ServiceModel model, IEnumerable<KeyValuePair<string, string>> parameters, bool validate = true)
    {
        var root = new Node();
        string? action = null;
        string? version = null;
        foreach (var (key, value) in parameters)
        {
            switch (key)
            {
                case "Action":
                    action = value;
                    break;
                case "Version":
                    version = value;
                    break;
                default:
                    root.Add(key, value);
                    break;
            }
        }
        if (string.IsNullOrEmpty(action))
        {
            throw new AwsServiceException("MissingAction", "Missing Action");
        }
        var effectiveVersion = string.IsNullOrEmpty(version) ? model.ApiVersion : version;
        if (effectiveVersion != model.ApiVersion || !model.IsKnownOperation(action))
        {
            throw AwsServiceException.InvalidAction(action, effectiveVersion);
        }
        if (!model.TryGetOperation(action, out var operation))
        {
            throw AwsServiceException.NotImplemented(model.ServiceName, action);
        }
        var input = operation.Input is { } inputRef
            ? DecodeStructure(model, root, inputRef.Shape)
            : [];
        if (validate && operation.Input is { } validated)
        {
            var violations = ModelValidator.Validate(validated.Shape, input);
            if (violations.Count > 0)
            {
                throw AwsServiceException.Validation(violations);
            }
        }
        return new QueryRequest(action, effectiveVersion, operation, input);
    }

    /// <summary>Splits <c>a=1&amp;b=x+y</c> into decoded pairs (<c>+</c> is a space, <c>%XX</c> UTF-8).</summary>
    public static List<KeyValuePair<string, string>> ParseForm(string form)
    {
        var result = new List<KeyValuePair<string, string>>();
        var s = form.StartsWith('?') ? form.AsSpan(1) : form.AsSpan();
        foreach (var range in s.Split('&'))
        {
            var pair = s[range];
            if (pair.IsEmpty)
            {
                continue;
            }
            var eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? [] : pair[(eq + 1)..];
            result.Add(new(FormDecode(key), FormDecode(value)));
        }
        return result;
    }

    /// <summary>A form component decoded; most have nothing to decode and are copied as they are.</summary>
    private static string FormDecode(ReadOnlySpan<char> text) =>
        text.ContainsAny('%', '+') ? WebUtility.UrlDecode(text.ToString()) : text.ToString();

    private sealed class Node
    {
        public string? Value;
        public Dictionary<string, Node>? Children;

        public void Add(string key, string value)
        {
            var node = this;
            foreach (var range in key.AsSpan().Split('.'))
            {
                var part = key[range];
                node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                if (!node.Children.TryGetValue(part, out var child))
                {
                    child = new Node();
                    node.Children[part] = child;
                }
                node = child;
            }
            node.Value = value;
        }

        public Node? Child(string name) => Children is not null && Children.TryGetValue(name, out var c) ? c : null;

        /// <summary>Children named 1, 2, … in numeric order.</summary>
        public List<Node> Indexed()
        {
            var indexed = new List<(int Index, int Order, Node Node)>(Children?.Count ?? 0);
            foreach (var (name, child) in Children ?? [])
            {
                if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index > 0)
                {
                    indexed.Add((index, indexed.Count, child));
                }
            }

            // Clients send members in order; sort only when they did not ("1" and "01" tie: first given first, as a stable sort).
            for (var i = 1; i < indexed.Count; i++)
            {
                if (indexed[i].Index <= indexed[i - 1].Index)
                {
                    indexed.Sort((a, b) => a.Index != b.Index ? a.Index.CompareTo(b.Index) : a.Order.CompareTo(b.Order));
                    break;
                }
            }

            var nodes = new List<Node>(indexed.Count);
            foreach (var (_, _, node) in indexed)
            {
                nodes.Add(node);
            }

            return nodes;
        }
    }

    private static bool IsEc2(ServiceModel model) => model.Protocol == "ec2";

    private static string MemberWireName(ServiceModel model, MemberModel member)
    {
        if (IsEc2(model))
        {
            return member.QueryName
                ?? (member.LocationName is { Length: > 0 } ln ? char.ToUpperInvariant(ln[0]) + ln[1..] : member.Name);
        }
        // A flattened list whose element has a locationName replaces the member's own name (botocore).
        if (member.Shape.Type == ShapeType.List && member.IsFlattened && member.Shape.Member!.LocationName is { } elementName)
        {
            return elementName;
        }
        return member.WireName;
    }

    private static JsonObject DecodeStructure(ServiceModel model, Node node, Shape shape)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            if (member.Location is not null && member.Location != "querystring")
            {
                continue;
            }
            var wireName = MemberWireName(model, member);
            if (node.Child(wireName) is { } child && DecodeValue(model, child, member, wireName) is { } value)
            {
                result[member.Name] = value;
            }
        }
        return result;
    }

    private static JsonNode? DecodeValue(ServiceModel model, Node node, MemberModel member, string wireName)
    {
        var shape = member.Shape;
        switch (shape.Type)
        {
            case ShapeType.Structure:
                return DecodeStructure(model, node, shape);
            case ShapeType.List:
                {
                    var element = shape.Member!;
                    var container = member.IsFlattened || IsEc2(model) ? node : node.Child(element.LocationName ?? "member");
                    var array = new JsonArray();
                    if (container is not null)
                    {
                        foreach (var item in container.Indexed())
                        {
                            array.Add(DecodeValue(model, item, element, wireName));
                        }
                    }
                    return array.Count == 0 && node.Value is null && container is null ? null : array;
                }
            case ShapeType.Map:
                {
                    var container = member.IsFlattened ? node : node.Child("entry");
                    var map = new JsonObject();
                    if (container is not null)
                    {
                        var keyName = shape.Key!.LocationName ?? "key";
                        var valueName = shape.Value!.LocationName ?? "value";
                        foreach (var entry in container.Indexed())
                        {
                            if (entry.Child(keyName)?.Value is { } key)
                            {
                                map[key] = entry.Child(valueName) is { } v ? DecodeValue(model, v, shape.Value, wireName) : null;
                            }
                        }
                    }
                    return map.Count == 0 && node.Value is null && container is null ? null : map;
                }
            default:
                return node.Value is null ? null : DecodeScalar(shape, node.Value, wireName);
        }
    }

    private static JsonValue DecodeScalar(Shape shape, string text, string wireName)
    {
        switch (shape.Type)
        {
            case ShapeType.String:
                return JsonValue.Create(text);
            case ShapeType.Integer when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i):
                return JsonValue.Create(i);
            case ShapeType.Long when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l):
                return JsonValue.Create(l);
            case ShapeType.Float or ShapeType.Double
                when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                return JsonValue.Create(d);
            case ShapeType.Boolean when text is "true" or "false":
                return JsonValue.Create(text == "true");
            case ShapeType.Timestamp when ParseTimestamp(text) is { } t:
                return JsonValue.Create(t);
            case ShapeType.Blob:
                try
                {
                    return BlobValue.Create(Convert.FromBase64String(text));
                }
                catch (FormatException)
                {
                    break;
                }
        }
        throw new AwsServiceException("InvalidParameterValue", $"Value ({text}) for parameter {wireName} is invalid.");
    }

    private static DateTimeOffset? ParseTimestamp(string text)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return t;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
        {
            return DateTimeOffset.UnixEpoch.AddSeconds(epoch);
        }
        return null;
    }
}
