using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// The AWS JSON protocol (1.0 and 1.1: ECR, Logs, Secrets Manager, SSM, KMS, EventBridge, ECS):
/// <c>POST /</c> with <c>X-Amz-Target: Prefix.Operation</c> and a JSON body; answers JSON, errors as
/// <c>{"__type": "Code", "message": "…"}</c> with the <c>x-amzn-ErrorType</c> header.
/// </summary>
// https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html
public sealed class JsonProtocol : IWireProtocol
{
    /// <summary>The shared instance (the protocol is stateless).</summary>
    public static JsonProtocol Instance { get; } = new();

    /// <summary>The JSON protocol's validation error code.</summary>
    public const string ValidationCode = "ValidationException";

    /// <summary>The content type for a model's JSON version (<c>application/x-amz-json-1.1</c>).</summary>
    public static string ContentType(ServiceModel? model) => $"application/x-amz-json-{model?.JsonVersion ?? "1.1"}";

    /// <inheritdoc />
    public DecodedRequest Decode(ServiceModel model, WireRequest request)
    {
        var target = request.Header("X-Amz-Target");
        var dot = target?.LastIndexOf('.') ?? -1;
        var name = dot < 0 ? "" : target![(dot + 1)..];
        if (target is null || dot < 0 || target[..dot] != model.TargetPrefix || !model.IsKnownOperation(name))
        {
            throw new AwsServiceException("UnknownOperationException", "", 400);
        }

        if (!model.TryGetOperation(name, out var operation))
        {
            throw AwsServiceException.NotImplemented(model.ServiceName, name);
        }

        JsonNode? body;
        try
        {
            body = request.Body.IsEmpty ? new JsonObject() : JsonNode.Parse(request.Body.Span);
        }
        catch (JsonException)
        {
            throw Serialization("Unable to parse the request body as JSON");
        }

        if (body is not JsonObject bodyObject)
        {
            throw Serialization("Start of structure or map expected");
        }

        var input = operation.Input is { } inputRef ? DecodeStructure(inputRef.Shape, bodyObject) : [];
        if (operation.Input is { } validated)
        {
            var violations = ModelValidator.Validate(validated.Shape, input);
            if (violations.Count > 0)
            {
                throw AwsServiceException.Validation(violations, ValidationCode);
            }
        }

        return new DecodedRequest(operation, input);
    }

    /// <inheritdoc />
    public WireResponse Encode(ServiceModel model, OperationModel operation, JsonObject? output, string requestId)
    {
        var encoded = operation.Output is { } outputRef && output is not null ? EncodeStructure(outputRef.Shape, output) : [];
        return new WireResponse(200, ContentType(model), Encoding.UTF8.GetBytes(encoded.ToJsonString()));
    }

    /// <inheritdoc />
    public WireResponse EncodeError(ServiceModel? model, AwsServiceException error, string requestId)
    {
        var body = new JsonObject { ["__type"] = error.Code };
        if (error.Message.Length > 0)
        {
            body["message"] = error.Message;
        }

        return new WireResponse(error.HttpStatus, ContentType(model), Encoding.UTF8.GetBytes(body.ToJsonString()))
        {
            Headers = [new("x-amzn-ErrorType", error.Code)],
        };
    }

    private static AwsServiceException Serialization(string message) => new("SerializationException", message);

    private static JsonObject DecodeStructure(Shape shape, JsonObject wire)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            if (wire.TryGetPropertyValue(member.WireName, out var value) && value is not null)
            {
                result[member.Name] = DecodeValue(member.Shape, value);
            }
        }
        return result;
    }

    private static JsonNode DecodeValue(Shape shape, JsonNode value)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure when value is JsonObject o:
                return DecodeStructure(shape, o);
            case ShapeType.List when value is JsonArray a:
                {
                    var list = new JsonArray();
                    foreach (var item in a)
                    {
                        list.Add(item is null ? null : DecodeValue(shape.Member!.Shape, item));
                    }
                    return list;
                }
            case ShapeType.Map when value is JsonObject m:
                {
                    var map = new JsonObject();
                    foreach (var (key, item) in m)
                    {
                        map[key] = item is null ? null : DecodeValue(shape.Value!.Shape, item);
                    }
                    return map;
                }
            case ShapeType.String when value is JsonValue v && v.GetValueKind() == JsonValueKind.String:
                return JsonValue.Create(v.GetValue<string>());
            case ShapeType.Boolean when value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(v.GetValue<bool>());
            case ShapeType.Integer when value is JsonValue v && v.TryGetValue<int>(out var i):
                return JsonValue.Create(i);
            case ShapeType.Long when value is JsonValue v && v.TryGetValue<long>(out var l):
                return JsonValue.Create(l);
            case ShapeType.Float or ShapeType.Double when value is JsonValue v && v.TryGetValue<double>(out var d):
                return JsonValue.Create(d);
            case ShapeType.Timestamp when value is JsonValue v && v.TryGetValue<double>(out var epoch):
                return JsonValue.Create(DateTimeOffset.UnixEpoch.AddTicks((long)(epoch * TimeSpan.TicksPerSecond)));
            case ShapeType.Timestamp when value is JsonValue v && v.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                return JsonValue.Create(parsed);
            case ShapeType.Blob when value is JsonValue v && v.TryGetValue<string>(out var base64):
                try
                {
                    return BlobValue.Create(Convert.FromBase64String(base64));
                }
                catch (FormatException)
                {
                    throw Serialization($"Invalid base64: \"{base64}\"");
                }
        }

        throw Serialization(value switch
        {
            JsonObject => $"Start of structure or map found where not expected.",
            JsonArray => "Start of list found where not expected",
            _ => $"{Describe(value)} can not be converted to {Article(shape.Type)}",
        });
    }

    private static string Describe(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => "STRING_VALUE",
        JsonValueKind.Number => "NUMBER_VALUE",
        JsonValueKind.True or JsonValueKind.False => "BOOLEAN_VALUE",
        _ => "VALUE",
    };

    private static string Article(ShapeType type) => type switch
    {
        ShapeType.Integer => "an Integer",
        ShapeType.Long => "a Long",
        ShapeType.Boolean => "a Boolean",
        ShapeType.Timestamp => "a Timestamp",
        ShapeType.Blob => "a Blob",
        ShapeType.Float or ShapeType.Double => "a Double",
        _ => "a String",
    };

    private static JsonObject EncodeStructure(Shape shape, JsonObject value)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            if (value.TryGetPropertyValue(member.Name, out var node) && node is not null)
            {
                result[member.WireName] = EncodeValue(member.Shape, node);
            }
        }
        return result;
    }

    private static JsonNode EncodeValue(Shape shape, JsonNode node)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                return EncodeStructure(shape, node.AsObject());
            case ShapeType.List:
                {
                    var list = new JsonArray();
                    foreach (var item in node.AsArray())
                    {
                        list.Add(item is null ? null : EncodeValue(shape.Member!.Shape, item));
                    }
                    return list;
                }
            case ShapeType.Map:
                {
                    var map = new JsonObject();
                    foreach (var (key, item) in node.AsObject())
                    {
                        map[key] = item is null ? null : EncodeValue(shape.Value!.Shape, item);
                    }
                    return map;
                }
            case ShapeType.Timestamp:
                return JsonValue.Create(EpochSeconds(node.AsValue()));
            case ShapeType.Blob when node.AsValue().TryGetValue<byte[]>(out var bytes):
                return JsonValue.Create(Convert.ToBase64String(bytes));
            default:
                return node.DeepClone();
        }
    }

    /// <summary>Seconds since the epoch with millisecond precision, as the JSON protocols send timestamps.</summary>
    public static double EpochSeconds(JsonValue value)
    {
        if (value.TryGetValue<DateTimeOffset>(out var dto))
        {
            return Math.Round(dto.ToUnixTimeMilliseconds() / 1000.0, 3);
        }
        if (value.TryGetValue<DateTime>(out var dt))
        {
            return Math.Round(new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)).ToUnixTimeMilliseconds() / 1000.0, 3);
        }
        if (value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return Math.Round(parsed.ToUnixTimeMilliseconds() / 1000.0, 3);
        }
        return value.GetValue<double>();
    }
}
