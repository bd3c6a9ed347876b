using System.Buffers;
using System.Globalization;
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

    /// <summary>The epoch seconds a DateTimeOffset can hold (0001-01-01 to 9999-12-31); others are not a timestamp.</summary>
    private static readonly double MinEpochSeconds = (DateTimeOffset.MinValue - DateTimeOffset.UnixEpoch).TotalSeconds;

    private static readonly double MaxEpochSeconds = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).TotalSeconds - 1;

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

        JsonObject input;
        try
        {
            // One walk of the parsed document straight into the typed input tree (no intermediate node tree).
            using var body = JsonDocument.Parse(request.Body);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Serialization("Start of structure or map expected");
            }

            input = operation.Input is { } inputRef ? DecodeStructure(inputRef.Shape, body.RootElement) : [];
        }
        catch (Exception e) when (!request.Body.IsEmpty && (e is JsonException || IsUnreadableText(e)))
        {
            throw Serialization("Unable to parse the request body as JSON");
        }
        catch (JsonException)
        {
            input = []; // an empty body is an empty input
        }

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
        var writer = RentWriter(out var buffer);
        try
        {
            if (operation.Output is { } outputRef && output is not null)
            {
                EncodeStructure(writer, outputRef.Shape, output);
            }
            else
            {
                writer.WriteStartObject();
                writer.WriteEndObject();
            }

            writer.Flush();
            return new WireResponse(200, ContentType(model), buffer.WrittenSpan.ToArray());
        }
        finally
        {
            ReturnWriter(writer, buffer);
        }
    }

    /// <inheritdoc />
    public WireResponse EncodeError(ServiceModel? model, AwsServiceException error, string requestId)
    {
        var writer = RentWriter(out var buffer);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("__type"u8, error.Code);
            if (error.Message.Length > 0)
            {
                writer.WriteString("message"u8, error.Message);
            }

            writer.WriteEndObject();
            writer.Flush();
            return new WireResponse(error.HttpStatus, ContentType(model), buffer.WrittenSpan.ToArray())
            {
                Headers = [new("x-amzn-ErrorType", error.Code)],
            };
        }
        finally
        {
            ReturnWriter(writer, buffer);
        }
    }

    private static AwsServiceException Serialization(string message) => new("SerializationException", message);

    /// <summary>
    /// A string member JsonDocument checks only when it is read: bytes that are not UTF-8, or an escaped lone surrogate
    /// (<c>"\ud800"</c>), which no .NET string from System.Text.Json may hold. Either way the body is not JSON text.
    /// </summary>
    /// <remarks>Nothing else in the decoding walk throws InvalidOperationException: every accessor is guarded by its kind.</remarks>
    private static bool IsUnreadableText(Exception e) => e is InvalidOperationException;

    private static JsonObject DecodeStructure(Shape shape, JsonElement wire)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            // Of duplicate names the last wins (JsonElement.TryGetProperty).
            if (wire.TryGetProperty(member.WireName, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                result[member.Name] = DecodeValue(member.Shape, value);
            }
        }
        return result;
    }

    private static JsonNode DecodeValue(Shape shape, JsonElement value)
    {
        var kind = value.ValueKind;
        switch (shape.Type)
        {
            case ShapeType.Structure when kind == JsonValueKind.Object:
                return DecodeStructure(shape, value);
            case ShapeType.List when kind == JsonValueKind.Array:
                {
                    var list = new JsonArray();
                    foreach (var item in value.EnumerateArray())
                    {
                        list.Add(item.ValueKind == JsonValueKind.Null ? null : DecodeValue(shape.Member!.Shape, item));
                    }
                    return list;
                }
            case ShapeType.Map when kind == JsonValueKind.Object:
                {
                    var map = new JsonObject();
                    foreach (var property in value.EnumerateObject())
                    {
                        map[property.Name] = property.Value.ValueKind == JsonValueKind.Null ? null : DecodeValue(shape.Value!.Shape, property.Value);
                    }
                    return map;
                }
            case ShapeType.String when kind == JsonValueKind.String:
                return JsonValue.Create(value.GetString()!);
            case ShapeType.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(kind == JsonValueKind.True);
            case ShapeType.Integer when kind == JsonValueKind.Number && value.TryGetInt32(out var i):
                return JsonValue.Create(i);
            case ShapeType.Long when kind == JsonValueKind.Number && value.TryGetInt64(out var l):
                return JsonValue.Create(l);
            case ShapeType.Float or ShapeType.Double when kind == JsonValueKind.Number && value.TryGetDouble(out var d):
                return JsonValue.Create(d);
            case ShapeType.Timestamp when kind == JsonValueKind.Number && value.TryGetDouble(out var epoch)
                && epoch >= MinEpochSeconds && epoch <= MaxEpochSeconds:
                return JsonValue.Create(DateTimeOffset.UnixEpoch.AddTicks((long)(epoch * TimeSpan.TicksPerSecond)));
            case ShapeType.Timestamp when kind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed):
                return JsonValue.Create(parsed);
            case ShapeType.Blob when kind == JsonValueKind.String:
                var base64 = value.GetString()!;
                try
                {
                    return BlobValue.Create(Convert.FromBase64String(base64));
                }
                catch (FormatException)
                {
                    throw Serialization($"Invalid base64: \"{base64}\"");
                }
        }

        throw Serialization(kind switch
        {
            JsonValueKind.Object => "Start of structure or map found where not expected.",
            JsonValueKind.Array => "Start of list found where not expected",
            _ => $"{Describe(kind)} can not be converted to {Article(shape.Type)}",
        });
    }

    private static string Describe(JsonValueKind kind) => kind switch
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

    // One writer and buffer per thread, reused: encoding is synchronous and never re-entered. The default writer
    // options are JsonNode.ToJsonString's (default encoder, not indented), so the bytes are the same.
    [ThreadStatic]
    private static (Utf8JsonWriter Writer, ArrayBufferWriter<byte> Buffer)? t_writer;

    private static Utf8JsonWriter RentWriter(out ArrayBufferWriter<byte> buffer)
    {
        if (t_writer is { } cached)
        {
            t_writer = null;
            buffer = cached.Buffer;
            cached.Writer.Reset(buffer);
            return cached.Writer;
        }

        buffer = new ArrayBufferWriter<byte>(1024);
        return new Utf8JsonWriter(buffer);
    }

    private static void ReturnWriter(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > 256 * 1024)
        {
            return; // a rare huge answer: let it go rather than pin its buffer to the thread
        }

        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        t_writer = (writer, buffer);
    }

    private static void EncodeStructure(Utf8JsonWriter writer, Shape shape, JsonObject value)
    {
        writer.WriteStartObject();
        foreach (var member in shape.Members)
        {
            if (value.TryGetPropertyValue(member.Name, out var node) && node is not null)
            {
                writer.WritePropertyName(member.WireName);
                EncodeValue(writer, member.Shape, node);
            }
        }

        writer.WriteEndObject();
    }

    private static void EncodeValue(Utf8JsonWriter writer, Shape shape, JsonNode node)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                EncodeStructure(writer, shape, node.AsObject());
                return;
            case ShapeType.List:
                {
                    var array = node.AsArray();
                    writer.WriteStartArray();
                    foreach (var item in array)
                    {
                        if (item is null)
                        {
                            writer.WriteNullValue();
                        }
                        else
                        {
                            EncodeValue(writer, shape.Member!.Shape, item);
                        }
                    }

                    writer.WriteEndArray();
                    return;
                }
            case ShapeType.Map:
                {
                    var map = node.AsObject();
                    writer.WriteStartObject();
                    foreach (var (key, item) in map)
                    {
                        writer.WritePropertyName(key);
                        if (item is null)
                        {
                            writer.WriteNullValue();
                        }
                        else
                        {
                            EncodeValue(writer, shape.Value!.Shape, item);
                        }
                    }

                    writer.WriteEndObject();
                    return;
                }
            case ShapeType.Timestamp:
                WriteEpochSeconds(writer, node.AsValue());
                return;
            case ShapeType.Blob when node.AsValue().TryGetValue<byte[]>(out var bytes):
                // As a string, not WriteBase64StringValue: the default encoder escapes '+' and the bytes must not change.
                writer.WriteStringValue(Convert.ToBase64String(bytes));
                return;
            default:
                node.WriteTo(writer);
                return;
        }
    }

    /// <summary>
    /// Seconds since the epoch with millisecond precision, as the JSON protocols send timestamps: the text
    /// <c>WriteNumberValue</c> gives the double <c>ms / 1000.0</c> (its shortest round-trip form, as the years 0001–9999
    /// need at most 15 significant digits), written from the integer milliseconds: formatting a double costs a
    /// microsecond in the Native AOT build.
    /// </summary>
    private static void WriteEpochSeconds(Utf8JsonWriter writer, JsonValue value)
    {
        if (EpochMilliseconds(value) is not { } ms)
        {
            writer.WriteNumberValue(value.GetValue<double>());
            return;
        }

        Span<byte> text = stackalloc byte[32];
        var length = 0;
        if (ms < 0)
        {
            text[length++] = (byte)'-';
        }

        var magnitude = (ulong)Math.Abs(ms);
        (magnitude / 1000).TryFormat(text[length..], out var written, default, CultureInfo.InvariantCulture);
        length += written;
        if (magnitude % 1000 is var fraction and not 0)
        {
            text[length++] = (byte)'.';
            text[length++] = (byte)('0' + (fraction / 100));
            if (fraction % 100 != 0)
            {
                text[length++] = (byte)('0' + (fraction / 10 % 10));
                if (fraction % 10 != 0)
                {
                    text[length++] = (byte)('0' + (fraction % 10));
                }
            }
        }

        writer.WriteRawValue(text[..length], skipInputValidation: true);
    }

    /// <summary>Milliseconds since the epoch of a timestamp node (a date, or text that parses as one), or null.</summary>
    private static long? EpochMilliseconds(JsonValue value)
    {
        if (value.TryGetValue<DateTimeOffset>(out var dto))
        {
            return dto.ToUnixTimeMilliseconds();
        }

        if (value.TryGetValue<DateTime>(out var dt))
        {
            return new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)).ToUnixTimeMilliseconds();
        }

        return value.TryGetValue<string>(out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed.ToUnixTimeMilliseconds()
            : null;
    }
}
