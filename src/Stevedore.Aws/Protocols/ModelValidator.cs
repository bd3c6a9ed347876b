using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;

namespace Stevedore.Aws.Protocols;

/// <summary>
/// Validates a decoded input tree against the model's constraints (required, length, range,
/// pattern, enum) and words each violation as AWS does:
/// <c>Value 'x' at 'roleName' failed to satisfy constraint: Member must …</c>.
/// Paths use camelCase member names; list elements are <c>tags.1.member.key</c>.
/// </summary>
public static class ModelValidator
{
    /// <summary>Returns the violations of <paramref name="input"/> against <paramref name="shape"/>, in model order.</summary>
    public static IReadOnlyList<string> Validate(Shape shape, JsonObject input)
    {
        var errors = new List<string>();
        ValidateStructure(shape, input, "", errors);
        return errors;
    }

    /// <summary>Joins violations into AWS's message: <c>1 validation error detected: A</c> / <c>2 validation errors detected: A; B</c>.</summary>
    public static string FormatMessage(IReadOnlyList<string> violations) =>
        violations.Count == 1
            ? "1 validation error detected: " + violations[0]
            : $"{violations.Count} validation errors detected: " + string.Join("; ", violations);

    /// <summary>AWS's camelCase spelling of a member name in paths: first letter lower-cased (<c>AWSAccountId</c> → <c>aWSAccountId</c>).</summary>
    public static string CamelCase(string memberName) =>
        memberName.Length == 0 || char.IsLower(memberName[0])
            ? memberName
            : char.ToLowerInvariant(memberName[0]) + memberName[1..];

    // Paths are joined only when a violation is recorded or a nested value is walked: most members are absent or
    // scalar and valid, and building "parent.member" for each of them was most of a request's validation time.
    private static string Join(string parent, string segment) => parent.Length == 0 ? segment : parent + "." + segment;

    private static void ValidateStructure(Shape shape, JsonObject obj, string path, List<string> errors)
    {
        foreach (var member in shape.Members)
        {
            obj.TryGetPropertyValue(member.Name, out var value);
            if (value is null)
            {
                if (shape.Required.Contains(member.Name))
                {
                    errors.Add($"Value null at '{Join(path, CamelCase(member.Name))}' failed to satisfy constraint: Member must not be null");
                }
                continue;
            }
            ValidateValue(member.Shape, value, path, CamelCase(member.Name), errors);
        }
    }

    private static void ValidateValue(Shape shape, JsonNode value, string parent, string segment, List<string> errors)
    {
        if (Violates(shape, value))
        {
            var path = Join(parent, segment);
            foreach (var constraint in Constraints(shape, value))
            {
                errors.Add($"{Quote(shape, value)} at '{path}' failed to satisfy constraint: {constraint}");
            }
        }
        switch (shape.Type)
        {
            case ShapeType.Structure when value is JsonObject o:
                ValidateStructure(shape, o, Join(parent, segment), errors);
                break;
            case ShapeType.List when value is JsonArray a:
                var listPath = Join(parent, segment);
                for (var i = 0; i < a.Count; i++)
                {
                    if (a[i] is { } element)
                    {
                        ValidateValue(shape.Member!.Shape, element, listPath, $"{i + 1}.member", errors);
                    }
                    else
                    {
                        // A JSON null inside a list (lists are dense): worded as a null member is.
                        errors.Add($"Value null at '{Join(listPath, $"{i + 1}.member")}' failed to satisfy constraint: Member must not be null");
                    }
                }
                break;
            case ShapeType.Map when value is JsonObject m:
                ValidateMap(shape, m, Join(parent, segment), errors);
                break;
        }
    }

    /// <summary>Whether <see cref="Constraints"/> has anything to say, without allocating when it has not.</summary>
    private static bool Violates(Shape shape, JsonNode value)
    {
        switch (shape.Type)
        {
            case ShapeType.String:
                if (value.GetValueKind() != JsonValueKind.String)
                {
                    return true; // rare: worded by Constraints from the JSON text
                }
                var s = value.GetValue<string>();
                return (shape.PatternRegex is { } regex && !regex.IsMatch(s)) || OutOfRange(shape, s.Length) ||
                       (shape.Enum is { Count: > 0 } values && !values.Contains(s, StringComparer.Ordinal));
            case ShapeType.List when value is JsonArray a:
                return OutOfRange(shape, a.Count);
            case ShapeType.Map when value is JsonObject m:
                return OutOfRange(shape, m.Count);
            case ShapeType.Blob when value.GetValueKind() == JsonValueKind.String:
                return shape.Min is not null || shape.Max is not null;
            case ShapeType.Integer or ShapeType.Long or ShapeType.Float or ShapeType.Double
                when value.GetValueKind() == JsonValueKind.Number:
                // The number itself against the range (a log event's timestamp, every one of up to 10,000 a request);
                // one that does not read as a double is left to Constraints, which words it.
                return (shape.Min is not null || shape.Max is not null) &&
                       (!TryNumber(value.AsValue(), out var n) || n < shape.Min || n > shape.Max);
            default:
                return false;
        }
    }

    private static bool OutOfRange(Shape shape, long length) => length < shape.Min || length > shape.Max;

    /// <summary>A decoded number as a double: a value made from a long or an int does not convert to another type.</summary>
    private static bool TryNumber(JsonValue value, out double number)
    {
        if (value.TryGetValue<long>(out var l))
        {
            number = l;
            return true;
        }

        if (value.TryGetValue<int>(out var i))
        {
            number = i;
            return true;
        }

        return value.TryGetValue(out number);
    }

    private static void ValidateMap(Shape shape, JsonObject map, string path, List<string> errors)
    {
        foreach (var (key, value) in map)
        {
            var keyProblems = Constraints(shape.Key!.Shape, JsonValue.Create(key)).ToList();
            if (keyProblems.Count > 0)
            {
                errors.Add($"Value '{Render(map)}' at '{path}' failed to satisfy constraint: Map keys must satisfy constraint: [{string.Join(", ", keyProblems)}]");
            }
            if (value is not null)
            {
                var valueProblems = Constraints(shape.Value!.Shape, value).ToList();
                if (valueProblems.Count > 0)
                {
                    errors.Add($"Value '{Render(map)}' at '{path}' failed to satisfy constraint: Map value must satisfy constraint: [{string.Join(", ", valueProblems)}]");
                }
            }
        }
    }

    /// <summary>The constraints of the shape itself (not of nested members) that the value violates.</summary>
    private static IEnumerable<string> Constraints(Shape shape, JsonNode value)
    {
        switch (shape.Type)
        {
            case ShapeType.String:
                var s = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
                if (shape.PatternRegex is { } regex && !regex.IsMatch(s))
                {
                    yield return "Member must satisfy regular expression pattern: " + shape.Pattern;
                }
                foreach (var c in Length(shape, s.Length))
                {
                    yield return c;
                }
                if (shape.Enum is { Count: > 0 } values && !values.Contains(s, StringComparer.Ordinal))
                {
                    yield return $"Member must satisfy enum value set: [{string.Join(", ", values)}]";
                }
                break;
            case ShapeType.List when value is JsonArray a:
                foreach (var c in Length(shape, a.Count))
                {
                    yield return c;
                }
                break;
            case ShapeType.Map when value is JsonObject m:
                foreach (var c in Length(shape, m.Count))
                {
                    yield return c;
                }
                break;
            case ShapeType.Blob when value.GetValueKind() == JsonValueKind.String:
                var bytes = value.AsValue().TryGetValue<byte[]>(out var b) ? b.Length : value.GetValue<string>().Length;
                foreach (var c in Length(shape, bytes))
                {
                    yield return c;
                }
                break;
            case ShapeType.Integer or ShapeType.Long or ShapeType.Float or ShapeType.Double
                when value.GetValueKind() == JsonValueKind.Number:
                var n = double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                if (shape.Min is { } min && n < min)
                {
                    yield return $"Member must have value greater than or equal to {min}";
                }
                if (shape.Max is { } max && n > max)
                {
                    yield return $"Member must have value less than or equal to {max}";
                }
                break;
        }
    }

    private static IEnumerable<string> Length(Shape shape, long length)
    {
        if (shape.Min is { } min && length < min)
        {
            yield return $"Member must have length greater than or equal to {min}";
        }
        if (shape.Max is { } max && length > max)
        {
            yield return $"Member must have length less than or equal to {max}";
        }
    }

    /// <summary><c>Value 'x'</c>, or just <c>Value</c> for sensitive shapes, whose values AWS never echoes.</summary>
    private static string Quote(Shape shape, JsonNode value) => shape.Sensitive ? "Value" : $"Value '{Render(value)}'";

    /// <summary>Renders a value as AWS's (Java) messages do: strings bare, lists <c>[a, b]</c>, maps <c>{k=v}</c>.</summary>
    internal static string Render(JsonNode? value)
    {
        switch (value)
        {
            case null:
                return "null";
            case JsonArray a:
                return "[" + string.Join(", ", a.Select(Render)) + "]";
            case JsonObject o:
                var sb = new StringBuilder("{");
                foreach (var (k, v) in o)
                {
                    if (sb.Length > 1)
                    {
                        sb.Append(", ");
                    }
                    sb.Append(k).Append('=').Append(Render(v));
                }
                return sb.Append('}').ToString();
            default:
                var jv = value.AsValue();
                if (jv.TryGetValue<string>(out var s))
                {
                    return s;
                }
                if (jv.TryGetValue<DateTimeOffset>(out var d))
                {
                    return d.ToString("O", CultureInfo.InvariantCulture);
                }
                return value.GetValueKind() switch
                {
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => value.ToJsonString(),
                };
        }
    }
}
