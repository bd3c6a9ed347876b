using System.Text.Json;
using Stevedore.Policy.Document;

namespace Stevedore.Policy.Parsing;

public static partial class PolicyParser
{
    private static Statement? ReadStatement(JsonElement element, string path, List<PolicyError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object || !NoDuplicateKeys(element, path, errors))
        {
            if (errors.Count == 0)
            {
                errors.Add(Syntax(path));
            }

            return null;
        }

        string? sid = null;
        string? effect = null;
        PrincipalBlock? principal = null;
        bool notPrincipal = false, notAction = false, notResource = false;
        ValueList? action = null, resource = null;
        var conditions = new List<ConditionBlock>();
        var sawPrincipal = false;
        var sawAction = false;
        var sawResource = false;
        var start = errors.Count;

        foreach (var property in element.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            switch (property.Name)
            {
                case "Sid":
                    sid = ReadString(property.Value, at, errors);
                    break;
                case "Effect":
                    effect = ReadString(property.Value, at, errors);
                    break;
                case "Principal" or "NotPrincipal":
                    if (sawPrincipal)
                    {
                        errors.Add(Syntax(at));
                        break;
                    }

                    sawPrincipal = true;
                    notPrincipal = property.Name == "NotPrincipal";
                    principal = ReadPrincipal(property.Value, at, errors);
                    break;
                case "Action" or "NotAction":
                    if (sawAction)
                    {
                        errors.Add(Syntax(at));
                        break;
                    }

                    sawAction = true;
                    notAction = property.Name == "NotAction";
                    action = ReadValueList(property.Value, at, errors);
                    break;
                case "Resource" or "NotResource":
                    if (sawResource)
                    {
                        errors.Add(Syntax(at));
                        break;
                    }

                    sawResource = true;
                    notResource = property.Name == "NotResource";
                    resource = ReadValueList(property.Value, at, errors);
                    break;
                case "Condition":
                    ReadConditions(property.Value, at, conditions, errors);
                    break;
                default:
                    errors.Add(Syntax(at));
                    break;
            }
        }

        if (errors.Count > start)
        {
            return null;
        }

        if (effect is null)
        {
            errors.Add(Syntax($"{path}.Effect"));
            return null;
        }

        PolicyEffect parsedEffect;
        if (effect == "Allow")
        {
            parsedEffect = PolicyEffect.Allow;
        }
        else if (effect == "Deny")
        {
            parsedEffect = PolicyEffect.Deny;
        }
        else
        {
            // Right word, wrong case fails differently from a wrong word (as IAM reports it; see docs/fidelity.md).
            var message = effect.Equals("Allow", StringComparison.OrdinalIgnoreCase) || effect.Equals("Deny", StringComparison.OrdinalIgnoreCase)
                ? PolicyMessages.LegacyParsing
                : PolicyMessages.SyntaxErrors;
            errors.Add(new PolicyError(PolicyError.Malformed, message, $"{path}.Effect"));
            return null;
        }

        return new Statement(sid, parsedEffect, principal, notPrincipal, action, notAction, resource, notResource,
            new EquatableArray<ConditionBlock>(conditions));
    }

    private static ValueList? ReadValueList(JsonElement value, string path, List<PolicyError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return ValueList.Single(value.GetString()!);
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var items = new List<string>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    errors.Add(Syntax($"{path}[{index}]"));
                    return null;
                }

                items.Add(item.GetString()!);
                index++;
            }

            return new ValueList(new EquatableArray<string>(items), true);
        }

        errors.Add(Syntax(path));
        return null;
    }

    private static PrincipalBlock? ReadPrincipal(JsonElement value, string path, List<PolicyError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            if (value.GetString() == "*")
            {
                return PrincipalBlock.Wildcard;
            }

            errors.Add(Syntax(path));
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object || !NoDuplicateKeys(value, path, errors))
        {
            if (errors.Count == 0)
            {
                errors.Add(Syntax(path));
            }

            return null;
        }

        var entries = new List<PrincipalEntry>();
        foreach (var property in value.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            if (property.Name is not ("AWS" or "Service" or "Federated" or "CanonicalUser"))
            {
                errors.Add(Syntax(at));
                return null;
            }

            var values = ReadValueList(property.Value, at, errors);
            if (values is null)
            {
                return null;
            }

            entries.Add(new PrincipalEntry(property.Name, values));
        }

        return new PrincipalBlock(false, new EquatableArray<PrincipalEntry>(entries));
    }

    private static void ReadConditions(JsonElement value, string path, List<ConditionBlock> blocks, List<PolicyError> errors)
    {
        if (value.ValueKind != JsonValueKind.Object || !NoDuplicateKeys(value, path, errors))
        {
            if (errors.Count == 0)
            {
                errors.Add(Syntax(path));
            }

            return;
        }

        foreach (var op in value.EnumerateObject())
        {
            var opPath = $"{path}.{op.Name}";
            if (op.Value.ValueKind != JsonValueKind.Object || !NoDuplicateKeys(op.Value, opPath, errors))
            {
                if (errors.Count == 0)
                {
                    errors.Add(Syntax(opPath));
                }

                return;
            }

            var keys = new List<ConditionKeyValues>();
            foreach (var key in op.Value.EnumerateObject())
            {
                var keyPath = $"{opPath}.{key.Name}";
                var isArray = key.Value.ValueKind == JsonValueKind.Array;
                var literals = new List<ConditionLiteral>();
                if (isArray)
                {
                    foreach (var item in key.Value.EnumerateArray())
                    {
                        if (!TryReadLiteral(item, out var literal))
                        {
                            errors.Add(Syntax(keyPath));
                            return;
                        }

                        literals.Add(literal);
                    }
                }
                else if (TryReadLiteral(key.Value, out var single))
                {
                    literals.Add(single);
                }
                else
                {
                    errors.Add(Syntax(keyPath));
                    return;
                }

                keys.Add(new ConditionKeyValues(key.Name, new EquatableArray<ConditionLiteral>(literals), isArray));
            }

            blocks.Add(new ConditionBlock(op.Name, new EquatableArray<ConditionKeyValues>(keys)));
        }
    }

    private static bool TryReadLiteral(JsonElement item, out ConditionLiteral literal)
    {
        switch (item.ValueKind)
        {
            case JsonValueKind.String:
                literal = new ConditionLiteral(item.GetString()!, LiteralKind.String);
                return true;
            case JsonValueKind.Number:
                literal = new ConditionLiteral(item.GetRawText(), LiteralKind.Number);
                return true;
            case JsonValueKind.True or JsonValueKind.False:
                literal = new ConditionLiteral(item.GetRawText(), LiteralKind.Boolean);
                return true;
            default:
                literal = null!;
                return false;
        }
    }
}
