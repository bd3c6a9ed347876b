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
            if (HasDisallowedEscape(json) && FindEscape(root) is { } escaped)
            {
                // An escape such as \u2603 decodes to a character the document may not hold.
                errors.Add(Syntax(escaped));
                return null;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(Syntax(""));
                return null;
            }

            string? version = null;
            string? id = null;
            JsonElement statement = default;
            var seen = TopLevel.None;
            foreach (var property in root.EnumerateObject())
            {
                // A key may not repeat within one object: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
                var key = property.NameEquals("Version"u8) ? TopLevel.Version
                    : property.NameEquals("Id"u8) ? TopLevel.Id
                    : property.NameEquals("Statement"u8) ? TopLevel.Statement
                    : TopLevel.None;
                if (key == TopLevel.None || (seen & key) != 0)
                {
                    errors.Add(Syntax(property.Name));
                    return null;
                }

                seen |= key;
                switch (key)
                {
                    case TopLevel.Version:
                        version = ReadString(property.Value, "", "Version", errors);
                        break;
                    case TopLevel.Id:
                        id = ReadString(property.Value, "", "Id", errors);
                        break;
                    default:
                        statement = property.Value;
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

            if ((seen & TopLevel.Statement) == 0)
            {
                errors.Add(Syntax("Statement"));
                return null;
            }

            var isArray = statement.ValueKind == JsonValueKind.Array;
            var statements = new List<Statement>(isArray ? statement.GetArrayLength() : 1);
            if (isArray)
            {
                var index = 0;
                foreach (var item in statement.EnumerateArray())
                {
                    var parsed = ReadStatement(item, index, errors);
                    if (parsed is null)
                    {
                        return null;
                    }

                    statements.Add(parsed);
                    index++;
                }
            }
            else if (statement.ValueKind == JsonValueKind.Object)
            {
                var parsed = ReadStatement(statement, -1, errors);
                if (parsed is null)
                {
                    return null;
                }

                statements.Add(parsed);
            }
            else
            {
                errors.Add(Syntax("Statement"));
                return null;
            }

            if (statements.Count == 0)
            {
                errors.Add(Syntax("Statement"));
                return null;
            }

            return new PolicyDocument(version, id, new EquatableArray<Statement>(statements), isArray);
        }
    }

    [Flags]
    private enum TopLevel
    {
        None = 0,
        Version = 1,
        Id = 2,
        Statement = 4,
    }

    /// <summary>Whether a <c>\uXXXX</c> escape in the raw text decodes outside the allowed range (no allocation).</summary>
    private static bool HasDisallowedEscape(ReadOnlySpan<char> json)
    {
        while (true)
        {
            var at = json.IndexOf('\\');
            if (at < 0 || at + 1 >= json.Length)
            {
                return false;
            }

            if (json[at + 1] == 'u' && at + 6 <= json.Length &&
                int.TryParse(json.Slice(at + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code) &&
                (code > 0xFF || (code < 0x20 && code is not (0x09 or 0x0A or 0x0D))))
            {
                return true;
            }

            // Skip the escaped character, so "\\\\u2603" (an escaped backslash, then text) is not an escape.
            json = json[(at + 2)..];
        }
    }

    private static bool AllowedText(ReadOnlySpan<char> text)
    {
        // Vectorized: jump to each character outside U+0020–U+00FF and accept only tab, LF and CR there.
        while (true)
        {
            var at = text.IndexOfAnyExceptInRange(' ', '\u00FF');
            if (at < 0)
            {
                return true;
            }

            if (text[at] is not ('\t' or '\n' or '\r'))
            {
                return false;
            }

            text = text[(at + 1)..];
        }
    }

    /// <summary>Where an escape decodes to a character the document may not hold; "" for an escape that decodes to no
    /// character at all (a lone surrogate such as <c>\ud800</c>, which System.Text.Json refuses to read).</summary>
    private static string? FindEscape(JsonElement root)
    {
        try
        {
            return FindDisallowedEscape(root, "");
        }
        catch (InvalidOperationException)
        {
            return "";
        }
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

    private static string? ReadString(JsonElement value, string parent, string name, List<PolicyError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString();
        }

        errors.Add(Syntax(Join(parent, name)));
        return null;
    }

    internal static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
