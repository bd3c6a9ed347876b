using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Server.Tests.Robustness;

/// <summary>
/// Random inputs shaped by a service model: every member of the right wire type, its values drawn from the edges
/// (empty, too long, extreme numbers, control and non-ASCII characters, malformed documents) and from names the
/// fixture creates first, so that requests reach past validation into the handlers. Seeded: a failure repeats.
/// </summary>
internal sealed class ModelInputs(int seed)
{
    private static readonly string[] Strings =
    [
        "", "a", "ab", "s", "f", "f:1", "r", "k", "test", "default", "latest", "AWSCURRENT", "AWSPREVIOUS", "*", "-1", "0",
        "/a", "/a/b", "a/b", "alias/k", "alias/aws/ssm", "alias/aws/secretsmanager", "../..", "${aws:username}", "%FF", "\t\n",
        "ü\u0000\uFFFF", "\ud83d\ude00", new string('x', 2100), "99999999999999999999", "10.0.0.0/16", "10.0.1.0/24", "vpc-12345678",
        "000000000000", "111111111111", "sha256:" + new string('a', 64), "rate(5 minutes)", "cron(0 12 * * ? *)", "{}", "[]",
        """{"a":[1]}""", """{"a":1,"a":2}""", """{"Sid":"\ud800","a":["\udc00"]}""", """{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"digest":"sha256:1"},"layers":[]}""",
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"*","Resource":"*"}]}""",
        """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","NotAction":"x:*","Resource":"*","Condition":{"StringLike":{"aws:SourceVpce":"vpce-*"}}}]}""",
        "arn:aws:iam::000000000000:role/r", "arn:aws:iam::000000000000:user/u", "arn:aws:iam::aws:policy/AdministratorAccess",
        "arn:aws:kms:us-east-1:000000000000:key/00000000-0000-0000-0000-000000000000", "arn:aws:kms:us-east-1:000000000000:alias/k",
        "arn:aws:secretsmanager:us-east-1:000000000000:secret:s", "arn:aws:ssm:us-east-1:000000000000:parameter/a/b",
        "arn:aws:logs:us-east-1:000000000000:log-group:/a/b", "arn:aws:ecs:us-east-1:000000000000:task-definition/f:1",
        "arn:aws:ecs:us-east-1:000000000000:cluster/default", "arn:aws:ecr:us-east-1:000000000000:repository/ab", "arn:aws:s3:::b/k",
    ];

    private static readonly long[] Longs = [0, 1, -1, 5, 100, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 1_700_000_000_000];

    private static readonly double[] Doubles = [0, 0.5, -1, 1e308, -1e308, 1.7e9, 253402300800];

    private readonly Random _random = new(seed);

    /// <summary>A structure input: required members nearly always, the others now and then.</summary>
    public JsonObject Structure(Shape shape, int depth = 0)
    {
        var result = new JsonObject();
        foreach (var member in shape.Members)
        {
            var wanted = shape.Required.Contains(member.Name) ? 0.9 : depth == 0 ? 0.4 : 0.25;
            if (_random.NextDouble() < wanted)
            {
                result[member.Name] = Value(member.Shape, depth + 1);
            }
        }

        return result;
    }

    private JsonNode? Value(Shape shape, int depth)
    {
        switch (shape.Type)
        {
            case ShapeType.Structure:
                return depth > 6 ? new JsonObject() : Structure(shape, depth);
            case ShapeType.List:
                {
                    var list = new JsonArray();
                    var count = depth > 6 ? 0 : _random.Next(4);
                    for (var i = 0; i < count; i++)
                    {
                        list.Add(Value(shape.Member!.Shape, depth + 1));
                    }

                    return list;
                }

            case ShapeType.Map:
                {
                    var map = new JsonObject();
                    var count = depth > 6 ? 0 : _random.Next(3);
                    for (var i = 0; i < count; i++)
                    {
                        map[Text(shape.Key!.Shape) + (i > 0 ? i.ToString(CultureInfo.InvariantCulture) : "")] = Value(shape.Value!.Shape, depth + 1);
                    }

                    return map;
                }

            case ShapeType.String:
                return Text(shape);
            case ShapeType.Integer:
                return (int)Math.Clamp(Pick(Longs), int.MinValue, int.MaxValue);
            case ShapeType.Long:
                return Pick(Longs);
            case ShapeType.Float or ShapeType.Double:
                return Pick(Doubles);
            case ShapeType.Boolean:
                return _random.Next(2) == 0;
            case ShapeType.Timestamp:
                return Pick(Doubles);
            case ShapeType.Blob:
                {
                    var bytes = new byte[Pick<int>([0, 1, 16, 32, 300])];
                    _random.NextBytes(bytes);
                    return Convert.ToBase64String(bytes);
                }

            default:
                return null;
        }
    }

    private string Text(Shape shape) =>
        shape.Enum is { Count: > 0 } values && _random.NextDouble() < 0.6 ? Pick(values) : Pick(Strings);

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    /// <summary>The input as the JSON protocol sends it: members by wire name.</summary>
    public static string Json(Shape shape, JsonObject input)
    {
        var wire = new JsonObject();
        foreach (var (name, value) in input)
        {
            var member = shape.MembersByName[name];
            wire[member.LocationName ?? member.Name] = JsonWire(member.Shape, value);
        }

        return wire.ToJsonString();
    }

    private static JsonNode? JsonWire(Shape shape, JsonNode? value) => shape.Type switch
    {
        ShapeType.Structure when value is JsonObject o => JsonNode.Parse(Json(shape, o)),
        ShapeType.List when value is JsonArray a => new JsonArray([.. a.Select(item => JsonWire(shape.Member!.Shape, item))]),
        ShapeType.Map when value is JsonObject m => new JsonObject(m.Select(e => KeyValuePair.Create(e.Key, JsonWire(shape.Value!.Shape, e.Value)))),
        _ => value?.DeepClone(),
    };

    /// <summary>The input as the Query protocol sends it (EC2's variant: flattened lists, capitalized names).</summary>
    public static string Form(string action, string version, Shape shape, JsonObject input, bool ec2)
    {
        var form = new StringBuilder($"Action={action}&Version={version}");
        FormMembers(form, "", shape, input, ec2);
        return form.ToString();
    }

    private static void FormMembers(StringBuilder form, string prefix, Shape shape, JsonObject input, bool ec2)
    {
        foreach (var (name, value) in input)
        {
            var member = shape.MembersByName[name];
            var wireName = ec2
                ? member.QueryName ?? (member.LocationName is { Length: > 0 } ln ? char.ToUpperInvariant(ln[0]) + ln[1..] : member.Name)
                : member.LocationName ?? member.Name;
            FormValue(form, prefix + wireName, member.Shape, value, ec2);
        }
    }

    private static void FormValue(StringBuilder form, string key, Shape shape, JsonNode? value, bool ec2)
    {
        switch (value)
        {
            case null:
                return;
            case JsonObject o when shape.Type == ShapeType.Structure:
                FormMembers(form, key + ".", shape, o, ec2);
                return;
            case JsonObject m when shape.Type == ShapeType.Map:
                {
                    var i = 1;
                    foreach (var (k, v) in m)
                    {
                        form.Append('&').Append(Uri.EscapeDataString($"{key}.entry.{i}.key")).Append('=').Append(Uri.EscapeDataString(k));
                        FormValue(form, $"{key}.entry.{i}.value", shape.Value!.Shape, v, ec2);
                        i++;
                    }

                    return;
                }

            case JsonArray a:
                {
                    if (a.Count == 0)
                    {
                        form.Append('&').Append(Uri.EscapeDataString(key)).Append('=');
                        return;
                    }

                    var element = ec2 ? key : $"{key}.member";
                    for (var i = 0; i < a.Count; i++)
                    {
                        FormValue(form, $"{element}.{i + 1}", shape.Member!.Shape, a[i], ec2);
                    }

                    return;
                }

            default:
                var text = shape.Type == ShapeType.Timestamp
                    ? DateTimeOffset.UnixEpoch.AddSeconds(Math.Clamp(value.GetValue<double>(), -62_135_596_800, 253_402_300_799)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                    : value.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
                        ? (value.GetValue<bool>() ? "true" : "false")
                        : value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                form.Append('&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(text));
                return;
        }
    }
}
