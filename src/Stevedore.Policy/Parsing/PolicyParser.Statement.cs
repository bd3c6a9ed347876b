using System.Text.Json;
using Stevedore.Policy.Document;

namespace Stevedore.Policy.Parsing;

public static partial class PolicyParser
{
    [Flags]
    private enum StatementKey
    {
        None = 0,
        Sid = 1,
        Effect = 2,
        Principal = 4,
        Action = 8,
        Resource = 16,
        Condition = 32,
    }

    /// <param name="index">The statement's index in the array, or -1 for a single statement object.</param>
    private static Statement? ReadStatement(JsonElement element, int index, List<PolicyError> errors)
    {
        // Paths are built only when something fails: parsing a valid policy allocates no path strings.
        string Path() => index < 0 ? "Statement" : $"Statement[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Syntax(Path()));
            return null;
        }

        string? sid = null;
        string? effect = null;
        PrincipalBlock? principal = null;
        bool notPrincipal = false, notAction = false, notResource = false;
        ValueList? action = null, resource = null;
        List<ConditionBlock>? conditions = null;
        var seen = StatementKey.None;

        foreach (var property in element.EnumerateObject())
        {
            var key = KeyOf(property, out var negated);
            if (key == StatementKey.None || (seen & key) != 0)
            {
                // Unknown keys, repeated keys and Action with NotAction (and the like) are syntax errors.
                errors.Add(Syntax(Join(Path(), property.Name)));
                return null;
            }

            seen |= key;
            var value = property.Value;
            switch (key)
            {
                case StatementKey.Sid:
                    sid = ReadString(value, Path(), "Sid", errors);
                    break;
                case StatementKey.Effect:
                    effect = ReadString(value, Path(), "Effect", errors);
                    break;
                case StatementKey.Principal:
                    notPrincipal = negated;
                    principal = ReadPrincipal(value, Path, property.Name, errors);
                    break;
                case StatementKey.Action:
                    notAction = negated;
                    action = ReadValueList(value, Path, property.Name, errors);
                    break;
                case StatementKey.Resource:
                    notResource = negated;
                    resource = ReadValueList(value, Path, property.Name, errors);
                    break;
                default:
                    conditions = ReadConditions(value, Path, errors);
                    break;
            }

            if (errors.Count > 0)
            {
                return null;
            }
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
            // Right word, wrong case fails differently from a wrong or missing word (as IAM reports it; see docs/fidelity.md).
            var message = effect is not null && (effect.Equals("Allow", StringComparison.OrdinalIgnoreCase) || effect.Equals("Deny", StringComparison.OrdinalIgnoreCase))
                ? PolicyMessages.LegacyParsing
                : PolicyMessages.SyntaxErrors;
            errors.Add(new PolicyError(PolicyError.Malformed, message, $"{Path()}.Effect"));
            return null;
        }

        return new Statement(sid, parsedEffect, principal, notPrincipal, action, notAction, resource, notResource,
            conditions is null ? EquatableArray<ConditionBlock>.Empty : new EquatableArray<ConditionBlock>(conditions));
    }

    private static StatementKey KeyOf(JsonProperty property, out bool negated)
    {
        negated = false;
        if (property.NameEquals("Sid"u8)) return StatementKey.Sid;
        if (property.NameEquals("Effect"u8)) return StatementKey.Effect;
        if (property.NameEquals("Action"u8)) return StatementKey.Action;
        if (property.NameEquals("Resource"u8)) return StatementKey.Resource;
        if (property.NameEquals("Condition"u8)) return StatementKey.Condition;
        if (property.NameEquals("Principal"u8)) return StatementKey.Principal;
        negated = true;
        if (property.NameEquals("NotAction"u8)) return StatementKey.Action;
        if (property.NameEquals("NotResource"u8)) return StatementKey.Resource;
        if (property.NameEquals("NotPrincipal"u8)) return StatementKey.Principal;
        return StatementKey.None;
    }

    private static ValueList? ReadValueList(JsonElement value, Func<string> parent, string name, List<PolicyError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return ValueList.Single(value.GetString()!);
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var items = new string[value.GetArrayLength()];
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    errors.Add(Syntax($"{Join(parent(), name)}[{index}]"));
                    return null;
                }

                items[index++] = item.GetString()!;
            }

            return new ValueList(new EquatableArray<string>(System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(items)), true);
        }

        errors.Add(Syntax(Join(parent(), name)));
        return null;
    }

    private static PrincipalBlock? ReadPrincipal(JsonElement value, Func<string> parent, string name, List<PolicyError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            if (value.ValueEquals("*"u8))
            {
                return PrincipalBlock.Wildcard;
            }

            errors.Add(Syntax(Join(parent(), name)));
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Syntax(Join(parent(), name)));
            return null;
        }

        var entries = new List<PrincipalEntry>(2);
        foreach (var property in value.EnumerateObject())
        {
            var type = property.NameEquals("AWS"u8) ? "AWS"
                : property.NameEquals("Service"u8) ? "Service"
                : property.NameEquals("Federated"u8) ? "Federated"
                : property.NameEquals("CanonicalUser"u8) ? "CanonicalUser"
                : null;
            if (type is null || entries.Exists(e => e.Type == type))
            {
                errors.Add(Syntax($"{Join(parent(), name)}.{property.Name}"));
                return null;
            }

            var values = ReadValueList(property.Value, () => Join(parent(), name), type, errors);
            if (values is null)
            {
                return null;
            }

            entries.Add(new PrincipalEntry(type, values));
        }

        return new PrincipalBlock(false, new EquatableArray<PrincipalEntry>(entries));
    }

    private static List<ConditionBlock>? ReadConditions(JsonElement value, Func<string> parent, List<PolicyError> errors)
    {
        string Path() => Join(parent(), "Condition");
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Syntax(Path()));
            return null;
        }

        var blocks = new List<ConditionBlock>();
        foreach (var op in value.EnumerateObject())
        {
            var opName = op.Name;
            if (op.Value.ValueKind != JsonValueKind.Object || blocks.Exists(b => b.Operator == opName))
            {
                errors.Add(Syntax(Join(Path(), opName)));
                return null;
            }

            var keys = new List<ConditionKeyValues>();
            foreach (var key in op.Value.EnumerateObject())
            {
                var keyName = key.Name;
                if (keys.Exists(k => k.Key == keyName))
                {
                    errors.Add(Syntax($"{Join(Path(), opName)}.{keyName}"));
                    return null;
                }

                var isArray = key.Value.ValueKind == JsonValueKind.Array;
                ConditionLiteral[] literals;
                if (isArray)
                {
                    literals = new ConditionLiteral[key.Value.GetArrayLength()];
                    var i = 0;
                    foreach (var item in key.Value.EnumerateArray())
                    {
                        if (!TryReadLiteral(item, out literals[i++]))
                        {
                            errors.Add(Syntax($"{Join(Path(), opName)}.{keyName}"));
                            return null;
                        }
                    }
                }
                else if (TryReadLiteral(key.Value, out var single))
                {
                    literals = [single];
                }
                else
                {
                    errors.Add(Syntax($"{Join(Path(), opName)}.{keyName}"));
                    return null;
                }

                keys.Add(new ConditionKeyValues(keyName,
                    new EquatableArray<ConditionLiteral>(System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(literals)), isArray));
            }

            blocks.Add(new ConditionBlock(opName, new EquatableArray<ConditionKeyValues>(keys)));
        }

        return blocks;
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
