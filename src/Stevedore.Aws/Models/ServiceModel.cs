using System.Collections.Concurrent;
using System.Text.Json;
using Stevedore.Aws.Protocols;

namespace Stevedore.Aws.Models;

/// <summary>
/// A trimmed AWS service model (see <c>tools/model-gen</c>): metadata, the operations Stevedore
/// implements with every shape they reach, and the names of all the service's operations.
/// </summary>
public sealed class ServiceModel
{
    private static readonly ConcurrentDictionary<string, ServiceModel> Cache = new(StringComparer.Ordinal);

    // The metadata is read eagerly (routing needs the signing name); operations and shapes, the bulk of a model,
    // are parsed on first use, so a server starts without parsing models of services no request has reached yet.
    private readonly Lazy<Body> _body;

    private ServiceModel(string serviceName, JsonElement metadata, Func<Body> body)
    {
        ServiceName = serviceName;
        _body = new Lazy<Body>(body, LazyThreadSafetyMode.ExecutionAndPublication);
        ApiVersion = Str(metadata, "apiVersion") ?? throw new InvalidDataException("model has no apiVersion");
        Protocol = Str(metadata, "protocol") ?? throw new InvalidDataException("model has no protocol");
        XmlNamespace = Str(metadata, "xmlNamespace");
        EndpointPrefix = Str(metadata, "endpointPrefix") ?? serviceName;
        SigningName = Str(metadata, "signingName") ?? EndpointPrefix;
        ServiceId = Str(metadata, "serviceId") ?? serviceName;
        JsonVersion = Str(metadata, "jsonVersion");
        TargetPrefix = Str(metadata, "targetPrefix");
    }

    /// <summary>The model's file name (<c>iam</c>, <c>sts</c>).</summary>
    public string ServiceName { get; }

    /// <summary>API version (<c>2010-05-08</c>).</summary>
    public string ApiVersion { get; }

    /// <summary>Wire protocol: <c>query</c>, <c>ec2</c>, <c>json</c>, <c>rest-xml</c>, <c>rest-json</c>.</summary>
    public string Protocol { get; }

    /// <summary>XML namespace of responses (Query and REST-XML), if any.</summary>
    public string? XmlNamespace { get; }

    /// <summary>SigV4 signing name (defaults to <see cref="EndpointPrefix"/>).</summary>
    public string SigningName { get; }

    /// <summary>Endpoint prefix (<c>iam</c>).</summary>
    public string EndpointPrefix { get; }

    /// <summary>Service id (<c>IAM</c>).</summary>
    public string ServiceId { get; }

    /// <summary>JSON protocol version (<c>1.1</c>), if any.</summary>
    public string? JsonVersion { get; }

    /// <summary>JSON protocol <c>X-Amz-Target</c> prefix, if any.</summary>
    public string? TargetPrefix { get; }

    /// <summary>The operations Stevedore implements, by name.</summary>
    public IReadOnlyDictionary<string, OperationModel> Operations => _body.Value.Operations;

    /// <summary>The names of all operations the real service has.</summary>
    public IReadOnlySet<string> AllOperationNames => _body.Value.AllOperationNames;

    /// <summary>All shapes reachable from the implemented operations, by name.</summary>
    public IReadOnlyDictionary<string, Shape> Shapes => _body.Value.Shapes;

    /// <summary>Finds an implemented operation.</summary>
    public bool TryGetOperation(string name, out OperationModel operation) =>
        _body.Value.Operations.TryGetValue(name, out operation!);

    /// <summary>Whether the real service has an operation of this name (implemented or not).</summary>
    public bool IsKnownOperation(string name) => _body.Value.AllOperationNames.Contains(name);

    /// <summary>Returns a shape by name.</summary>
    public Shape GetShape(string name) =>
        _body.Value.Shapes.TryGetValue(name, out var shape) ? shape : throw new KeyNotFoundException($"{ServiceName} has no shape {name}");

    /// <summary>
    /// Builds the exception for a modelled error shape (<c>NoSuchEntityException</c>), taking its
    /// wire code, HTTP status and fault from the model.
    /// </summary>
    public AwsServiceException Error(string errorShapeName, string message)
    {
        var shape = GetShape(errorShapeName);
        if (!shape.IsException)
        {
            throw new ArgumentException($"{errorShapeName} is not an error shape", nameof(errorShapeName));
        }
        return new AwsServiceException(shape.ErrorCode ?? shape.Name, message, shape.ErrorHttpStatus, shape.ErrorSenderFault);
    }

    /// <summary>
    /// Loads (once) the model embedded in this assembly under <c>Models/{serviceName}.json</c>: the metadata now, the
    /// operations and shapes on first use.
    /// </summary>
    public static ServiceModel Load(string serviceName) => Cache.GetOrAdd(serviceName, static name =>
    {
        var resource = $"Stevedore.Aws.Models.{name}.json";
        using var stream = typeof(ServiceModel).Assembly.GetManifestResourceStream(resource)
            ?? throw new ArgumentException($"no embedded service model {resource}", nameof(serviceName));
        var json = new byte[stream.Length];
        stream.ReadExactly(json);
        return new ServiceModel(name, ReadMetadata(json), () => ParseBody(json));
    });

    /// <summary>Parses a (trimmed or full) botocore <c>service-2.json</c>.</summary>
    public static ServiceModel Parse(string serviceName, Stream json)
    {
        using var buffer = new MemoryStream();
        json.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var body = ParseBody(bytes);
        return new ServiceModel(serviceName, ReadMetadata(bytes), () => body);
    }

    /// <summary>The top-level <c>metadata</c> object alone, without building the rest of the document.</summary>
    private static JsonElement ReadMetadata(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidDataException("model is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            if (isMetadata)
            {
                return JsonElement.ParseValue(ref reader);
            }

            reader.Skip();
        }

        throw new KeyNotFoundException("model has no metadata");
    }

    private sealed record Body(Dictionary<string, OperationModel> Operations, Dictionary<string, Shape> Shapes, HashSet<string> AllOperationNames);

    private static Body ParseBody(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var shapesJson = root.GetProperty("shapes");

        // Two passes so that shapes may refer to each other in any order (and recursively).
        var shapes = new Dictionary<string, Shape>(StringComparer.Ordinal);
        foreach (var p in shapesJson.EnumerateObject())
        {
            shapes[p.Name] = CreateShape(p.Name, p.Value);
        }
        foreach (var p in shapesJson.EnumerateObject())
        {
            LinkShape(shapes[p.Name], p.Value, shapes);
        }

        var operations = new Dictionary<string, OperationModel>(StringComparer.Ordinal);
        foreach (var p in root.GetProperty("operations").EnumerateObject())
        {
            var op = p.Value;
            var http = op.TryGetProperty("http", out var h) ? h : default;
            MemberModel? input = op.TryGetProperty("input", out var i) ? Ref("input", i, shapes) : null;
            MemberModel? output = op.TryGetProperty("output", out var o) ? Ref("output", o, shapes) : null;
            var errors = new List<Shape>();
            if (op.TryGetProperty("errors", out var e))
            {
                foreach (var err in e.EnumerateArray())
                {
                    var errName = err.ValueKind == JsonValueKind.String ? err.GetString()! : err.GetProperty("shape").GetString()!;
                    errors.Add(shapes[errName]);
                }
            }
            operations[p.Name] = new OperationModel(p.Name)
            {
                HttpMethod = (http.ValueKind == JsonValueKind.Object ? Str(http, "method") : null) ?? "POST",
                RequestUri = (http.ValueKind == JsonValueKind.Object ? Str(http, "requestUri") : null) ?? "/",
                ResponseCode = http.ValueKind == JsonValueKind.Object && http.TryGetProperty("responseCode", out var rc) ? rc.GetInt32() : 200,
                Input = input,
                Output = output,
                ResultWrapper = o.ValueKind == JsonValueKind.Object ? Str(o, "resultWrapper") : null,
                Errors = errors,
            };
        }

        var all = new HashSet<string>(operations.Keys, StringComparer.Ordinal);
        if (root.TryGetProperty("allOperationNames", out var names))
        {
            foreach (var n in names.EnumerateArray())
            {
                all.Add(n.GetString()!);
            }
        }
        return new Body(operations, shapes, all);
    }

    private static Shape CreateShape(string name, JsonElement s)
    {
        var type = Str(s, "type") switch
        {
            "structure" => ShapeType.Structure,
            "list" => ShapeType.List,
            "map" => ShapeType.Map,
            "string" => ShapeType.String,
            "integer" => ShapeType.Integer,
            "long" => ShapeType.Long,
            "float" => ShapeType.Float,
            "double" => ShapeType.Double,
            "boolean" => ShapeType.Boolean,
            "timestamp" => ShapeType.Timestamp,
            "blob" => ShapeType.Blob,
            var t => throw new InvalidDataException($"shape {name}: unsupported type {t}"),
        };
        var error = s.TryGetProperty("error", out var e) ? e : default;
        var hasError = error.ValueKind == JsonValueKind.Object;
        var isException = s.TryGetProperty("exception", out var ex) && ex.ValueKind == JsonValueKind.True;
        var fault = s.TryGetProperty("fault", out var f) && f.ValueKind == JsonValueKind.True;
        List<string>? enumValues = null;
        if (s.TryGetProperty("enum", out var en))
        {
            enumValues = [.. en.EnumerateArray().Select(v => v.GetString()!)];
        }
        var status = hasError && error.TryGetProperty("httpStatusCode", out var st) ? st.GetInt32() : (fault ? 500 : 400);
        return new Shape(name, type)
        {
            Flattened = Bool(s, "flattened"),
            Payload = Str(s, "payload"),
            LocationName = Str(s, "locationName"),
            Min = Num(s, "min"),
            Max = Num(s, "max"),
            Pattern = Str(s, "pattern"),
            Enum = enumValues,
            Sensitive = Bool(s, "sensitive"),
            TimestampFormat = Str(s, "timestampFormat"),
            IsException = isException || hasError,
            Fault = fault,
            ErrorCode = (hasError ? Str(error, "code") : null) ?? (isException ? name : null),
            ErrorHttpStatus = status,
            // Without an explicit senderFault, 5xx errors and faults are the service's (Receiver).
            ErrorSenderFault = hasError && error.TryGetProperty("senderFault", out var sf)
                ? sf.ValueKind == JsonValueKind.True
                : !fault && status < 500,
        };
    }

    private static void LinkShape(Shape shape, JsonElement s, Dictionary<string, Shape> shapes)
    {
        if (s.TryGetProperty("members", out var members))
        {
            var list = new List<MemberModel>();
            var byName = new Dictionary<string, MemberModel>(StringComparer.Ordinal);
            foreach (var m in members.EnumerateObject())
            {
                var member = Ref(m.Name, m.Value, shapes);
                list.Add(member);
                byName[m.Name] = member;
            }
            shape.Members = list;
            shape.MembersByName = byName;
        }
        if (s.TryGetProperty("required", out var req))
        {
            shape.Required = req.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal);
        }
        if (s.TryGetProperty("member", out var lm))
        {
            shape.Member = Ref("member", lm, shapes);
        }
        if (s.TryGetProperty("key", out var k))
        {
            shape.Key = Ref("key", k, shapes);
        }
        if (s.TryGetProperty("value", out var v))
        {
            shape.Value = Ref("value", v, shapes);
        }
    }

    private static MemberModel Ref(string name, JsonElement r, Dictionary<string, Shape> shapes)
    {
        var target = Str(r, "shape") ?? throw new InvalidDataException($"reference {name} has no shape");
        if (!shapes.TryGetValue(target, out var shape))
        {
            throw new InvalidDataException($"reference {name} names unknown shape {target}");
        }
        return new MemberModel(name, shape)
        {
            LocationName = Str(r, "locationName"),
            Location = Str(r, "location"),
            QueryName = Str(r, "queryName"),
            Flattened = Bool(r, "flattened"),
            XmlAttribute = Bool(r, "xmlAttribute"),
            XmlNamespace = r.TryGetProperty("xmlNamespace", out var ns) && ns.ValueKind == JsonValueKind.Object ? Str(ns, "uri") : null,
            Streaming = Bool(r, "streaming"),
            TimestampFormat = Str(r, "timestampFormat"),
            JsonValue = Bool(r, "jsonvalue"),
            IdempotencyToken = Bool(r, "idempotencyToken"),
        };
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    private static long? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? (long)v.GetDouble() : null;
}
