using System.Text.Json;
using Stevedore.Policy.Document;

namespace Stevedore.Policy.Parsing;

/// <summary>The outcome of parsing: a document, or the errors IAM would report (the first is the one it returns).</summary>
public sealed record ParseResult(PolicyDocument? Document, IReadOnlyList<PolicyError> Errors)
{
    public bool Success => Document is not null && Errors.Count == 0;

    public PolicyError? FirstError => Errors.Count > 0 ? Errors[0] : null;
}

/// <summary>Reads policy JSON into a <see cref="PolicyDocument"/>, enforcing the grammar's shape.</summary>
/// <remarks>Shape only; the rules that depend on the policy type live in <see cref="PolicyValidator"/>.</remarks>
public static partial class PolicyParser
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 32,
    };

    /// <summary>Parses and validates a document as IAM does for the given policy type.</summary>
    /// <param name="options">How the document reaches IAM (managed policies must be 2012-10-17).</param>
    public static ParseResult Parse(string json, PolicyType type, ValidationOptions? options = null)
    {
        var errors = new List<PolicyError>();
        var document = ParseShape(json, errors);
        if (document is not null && errors.Count == 0)
        {
            PolicyValidator.Validate(document, type, errors, options);
        }
        else if (type == PolicyType.Trust && errors.Count > 0 && errors[0].Path.Length == 0)
        {
            // CreateRole words unparseable JSON differently from CreatePolicy (see docs/fidelity.md).
            errors[0] = errors[0] with { Message = PolicyMessages.InvalidJsonTrust };
        }

        return new ParseResult(errors.Count == 0 ? document : null, errors);
    }

    /// <summary>Parses the JSON shape only (no type rules); used by the printer round-trip and tools.</summary>
    public static PolicyDocument? ParseShape(string json, List<PolicyError> errors)
    {
        // The API accepts only tab, LF, CR and U+0020–U+00FF in a policy document.
        // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicy.html (PolicyDocument pattern)
        if (!AllowedText(json))
        {
            errors.Add(new PolicyError(PolicyError.ValidationError, PolicyMessages.DocumentPattern, ""));
            return null;
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, Options);
        }
        catch (JsonException)
        {
            errors.Add(Syntax(""));
            return null;
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (FindDisallowedEscape(root, "") is { } escaped)
            {
                // An escape such as \u2603 decodes to a character the document may not hold.
                errors.Add(Syntax(escaped));
                return null;
            }

            if (root.ValueKind != JsonValueKind.Object || !NoDuplicateKeys(root, "", errors))
            {
                if (errors.Count == 0)
                {
                    errors.Add(Syntax(""));
                }

                return null;
            }

            string? version = null;
            string? id = null;
            JsonElement? statement = null;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "Version":
                        version = ReadString(property.Value, "Version", errors);
                        break;
                    case "Id":
                        id = ReadString(property.Value, "Id", errors);
                        break;
                    case "Statement":
                        statement = property.Value;
                        break;
                    default:
                        errors.Add(Syntax(property.Name));
                        break;
                }
            }

            if (errors.Count > 0)
            {
                return null;
            }

            // Only two versions exist; anything else is a syntax error: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
            if (version is not null and not (PolicyDocument.Version2012 or PolicyDocument.Version2008))
            {
                errors.Add(Syntax("Version"));
                return null;
            }

            if (statement is null)
            {
                errors.Add(Syntax("Statement"));
                return null;
            }

            var statements = new List<Statement>();
            var isArray = statement.Value.ValueKind == JsonValueKind.Array;
            if (isArray)
            {
                var index = 0;
                foreach (var item in statement.Value.EnumerateArray())
                {
                    var parsed = ReadStatement(item, $"Statement[{index}]", errors);
                    if (parsed is not null)
                    {
                        statements.Add(parsed);
                    }

                    index++;
                }
            }
            else if (statement.Value.ValueKind == JsonValueKind.Object)
            {
                var parsed = ReadStatement(statement.Value, "Statement", errors);
                if (parsed is not null)
                {
                    statements.Add(parsed);
                }
            }
            else
            {
                errors.Add(Syntax("Statement"));
            }

            if (errors.Count == 0 && statements.Count == 0)
            {
                errors.Add(Syntax("Statement"));
            }

            return errors.Count > 0 ? null : new PolicyDocument(version, id, new EquatableArray<Statement>(statements), isArray);
        }
    }

    private static bool AllowedText(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c > '\u00FF' || (c < ' ' && c is not ('\t' or '\n' or '\r')))
            {
                return false;
            }
        }

        return true;
    }

    private static string? FindDisallowedEscape(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return AllowedText(element.GetString()) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindDisallowedEscape(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var at = Join(path, property.Name);
                    if (!AllowedText(property.Name))
                    {
                        return at;
                    }

                    if (FindDisallowedEscape(property.Value, at) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    internal static PolicyError Syntax(string path) => new(PolicyError.Malformed, PolicyMessages.SyntaxErrors, path);

    private static bool NoDuplicateKeys(JsonElement element, string path, List<PolicyError> errors)
    {
        // A key may not repeat within one object: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                errors.Add(Syntax(Join(path, property.Name)));
                return false;
            }
        }

        return true;
    }

    private static string? ReadString(JsonElement value, string path, List<PolicyError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add(Syntax(path));
        return null;
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
