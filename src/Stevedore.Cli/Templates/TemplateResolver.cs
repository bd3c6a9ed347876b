using System.Text.Json.Nodes;

namespace Stevedore.Cli.Templates;

/// <summary>
/// Resolves CloudFormation intrinsic functions where the template determines the value: <c>Ref</c> (parameters from
/// <c>--parameter</c> or their <c>Default</c>, pseudo parameters, resources' physical ids), <c>Fn::GetAtt</c> (the
/// ARNs and names of the resource types an execution role refers to), <c>Fn::Sub</c>, <c>Fn::Join</c>,
/// <c>Fn::Select</c>, <c>Fn::Split</c>, <c>Fn::FindInMap</c>, <c>Fn::If</c> with the template's <c>Conditions</c>,
/// <c>AWS::NoValue</c>. Anything else is a <see cref="CliException"/> naming the file, line, column and path.
/// </summary>
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
internal sealed class TemplateResolver
{
    private static readonly JsonObject NoValue = new();
    private readonly TemplateSource _template;
    private readonly IReadOnlyDictionary<string, string> _parameters;
    private readonly IReadOnlyDictionary<string, string> _imports;
    private readonly Dictionary<string, bool> _conditions = new(StringComparer.Ordinal);

    /// <param name="imports">Other stacks' exports (<c>--import NAME=VALUE</c>), the values of <c>Fn::ImportValue</c>.</param>
    public TemplateResolver(TemplateSource template, IReadOnlyDictionary<string, string> parameters, string account, string region, IReadOnlyDictionary<string, string>? imports = null)
    {
        _template = template;
        _parameters = parameters;
        _imports = imports ?? new Dictionary<string, string>();
        Account = account;
        Region = region;
        Partition = region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn" : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov" : "aws";
        StackName = parameters.TryGetValue("AWS::StackName", out var stack) ? stack : "stack";
    }

    public string Account { get; }

    public string Region { get; }

    public string Partition { get; }

    /// <summary>AWS::StackName: <c>--parameter AWS::StackName=NAME</c>, else <c>stack</c> (used in generated names).</summary>
    public string StackName { get; }

    public JsonObject Resources => _template.Root["Resources"] as JsonObject ?? [];

    /// <summary>A resource's properties object (empty when absent).</summary>
    public static JsonObject Properties(JsonNode? resource) => resource?["Properties"] as JsonObject ?? [];

    public static string? TypeOf(JsonNode? resource) => resource?["Type"] is JsonValue v && v.TryGetValue<string>(out var t) ? t : null;

    /// <summary>Whether a resource exists in the stack (its <c>Condition</c> holds).</summary>
    public bool Exists(string logicalId) =>
        Resources[logicalId] is JsonObject r && (r["Condition"] is not JsonValue c || Condition(c.ToString(), $"$.Resources.{logicalId}.Condition"));

    /// <summary>The node with every intrinsic function resolved; <c>AWS::NoValue</c> members and items are dropped.</summary>
    public JsonNode? Resolve(JsonNode? node, string path)
    {
        var value = Evaluate(node, path);
        return ReferenceEquals(value, NoValue) ? null : value;
    }

    public string ResolveString(JsonNode? node, string path) => Resolve(node, path) switch
    {
        JsonValue v => Text(v),
        _ => throw Error(path, "expected a string"),
    };

    public CliException Error(string path, string problem) => _template.Error(path, problem);

    private JsonNode? Evaluate(JsonNode? node, string path)
    {
        switch (node)
        {
            case JsonArray array:
                var items = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    var item = Evaluate(array[i], $"{path}[{i}]");
                    if (!ReferenceEquals(item, NoValue))
                    {
                        items.Add(item);
                    }
                }

                return items;
            case JsonObject obj when obj.Count == 1 && IsFunction(obj.First().Key):
                var (name, argument) = obj.First();
                return Function(name, argument, CheckJsonLocator.Member(path, name));
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    var member = Evaluate(child, CheckJsonLocator.Member(path, key));
                    if (!ReferenceEquals(member, NoValue))
                    {
                        result[key] = member;
                    }
                }

                return result;
            default:
                return node?.DeepClone();
        }
    }

    private static bool IsFunction(string key) => key == "Ref" || key.StartsWith("Fn::", StringComparison.Ordinal);

    private JsonNode? Function(string name, JsonNode? argument, string path)
    {
        switch (name)
        {
            case "Ref":
                return Ref(ResolveString(argument, path), path);
            case "Fn::GetAtt":
                var parts = argument is JsonValue dotted ? Text(dotted).Split('.', 2) : Resolve(argument, path) is JsonArray a ? [.. a.Select((x, i) => ResolveString(x, $"{path}[{i}]"))] : [];
                return parts.Length == 2 ? JsonValue.Create(GetAtt(parts[0], parts[1], path)) : throw Error(path, "Fn::GetAtt takes [LogicalId, Attribute]");
            case "Fn::Sub":
                return JsonValue.Create(Sub(argument, path));
            case "Fn::Join":
                if (argument is not JsonArray { Count: 2 } join)
                {
                    throw Error(path, "Fn::Join takes [delimiter, [values]]");
                }

                var delimiter = ResolveString(join[0], $"{path}[0]");
                var list = Resolve(join[1], $"{path}[1]") as JsonArray ?? throw Error($"{path}[1]", "Fn::Join needs a list of values");
                return JsonValue.Create(string.Join(delimiter, list.Select((x, i) => x is JsonValue v ? Text(v) : throw Error($"{path}[1][{i}]", "Fn::Join values must be strings"))));
            case "Fn::Select":
                if (Resolve(argument, path) is not JsonArray { Count: 2 } select || !int.TryParse(select[0]?.ToString(), out var index) || select[1] is not JsonArray from)
                {
                    throw Error(path, "Fn::Select takes [index, [values]]");
                }

                return index >= 0 && index < from.Count ? from[index]?.DeepClone() : throw Error(path, $"Fn::Select index {index} is out of range");
            case "Fn::Split":
                if (Resolve(argument, path) is not JsonArray { Count: 2 } split || split[0] is not JsonValue by || split[1] is not JsonValue source)
                {
                    throw Error(path, "Fn::Split takes [delimiter, string]");
                }

                return new JsonArray([.. Text(source).Split(Text(by)).Select(s => (JsonNode)JsonValue.Create(s))]);
            case "Fn::FindInMap":
                if (Resolve(argument, path) is not JsonArray { Count: 3 } keys)
                {
                    throw Error(path, "Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]");
                }

                return _template.Root["Mappings"]?[keys[0]!.ToString()]?[keys[1]!.ToString()]?[keys[2]!.ToString()]?.DeepClone()
                    ?? throw Error(path, $"no mapping {keys[0]}/{keys[1]}/{keys[2]} in the template's Mappings");
            case "Fn::If":
                if (argument is not JsonArray { Count: 3 } branches)
                {
                    throw Error(path, "Fn::If takes [condition, value if true, value if false]");
                }

                var chosen = Condition(ResolveString(branches[0], $"{path}[0]"), $"{path}[0]") ? 1 : 2;
                return Evaluate(branches[chosen], $"{path}[{chosen}]");
            case "Fn::ImportValue":
                // The value another stack exports under that name; the argument may be built with Fn::Sub/Fn::Join (not Ref to a resource).
                // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-importvalue.html
                var export = ResolveString(argument, path);
                return _imports.TryGetValue(export, out var imported) ? JsonValue.Create(imported)
                    : throw Error(path, $"Fn::ImportValue \"{export}\": another stack's export, not in the template; give its value with --import {export}=VALUE");
            case "Fn::Base64":
                return JsonValue.Create(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(ResolveString(argument, path))));
            default:
                throw Error(path, $"{name} cannot be resolved from the template (a value known only at deploy time)");
        }
    }

    private JsonNode? Ref(string name, string path)
    {
        switch (name)
        {
            case "AWS::AccountId":
                return JsonValue.Create(Account);
            case "AWS::Region":
                return JsonValue.Create(Region);
            case "AWS::Partition":
                return JsonValue.Create(Partition);
            case "AWS::URLSuffix":
                return JsonValue.Create(Partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com");
            case "AWS::StackName":
                return JsonValue.Create(StackName);
            case "AWS::StackId":
                return JsonValue.Create($"arn:{Partition}:cloudformation:{Region}:{Account}:stack/{StackName}/00000000-0000-0000-0000-000000000000");
            case "AWS::NoValue":
                return NoValue;
        }

        if (_template.Root["Parameters"]?[name] is JsonObject parameter)
        {
            var value = _parameters.TryGetValue(name, out var given) ? given
                : parameter["Default"] is JsonNode d ? d is JsonValue dv ? Text(dv) : throw Error($"$.Parameters.{name}.Default", "expected a string")
                : throw Error(path, $"parameter {name} has no value and no Default: pass --parameter {name}=VALUE");
            var type = parameter["Type"]?.ToString() ?? "String";
            return type.StartsWith("List<", StringComparison.Ordinal) || type == "CommaDelimitedList"
                ? new JsonArray([.. value.Split(',').Select(s => (JsonNode)JsonValue.Create(s.Trim()))])
                : JsonValue.Create(value);
        }

        if (Resources[name] is JsonObject resource)
        {
            return JsonValue.Create(TemplateResources.Ref(this, name, resource));
        }

        throw Error(path, $"Ref {name}: no parameter, pseudo parameter or resource of that name");
    }

    private string GetAtt(string logicalId, string attribute, string path) =>
        Resources[logicalId] is JsonObject resource
            ? TemplateResources.GetAtt(this, logicalId, resource, attribute) ?? throw Error(path, $"Fn::GetAtt {logicalId}.{attribute} ({TypeOf(resource)}) cannot be resolved from the template")
            : throw Error(path, $"Fn::GetAtt {logicalId}.{attribute}: no resource {logicalId}");

    private string Sub(JsonNode? argument, string path)
    {
        string text;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (argument is JsonArray { Count: 2 } pair && pair[0] is JsonValue first)
        {
            text = Text(first);
            if (pair[1] is not JsonObject map)
            {
                throw Error($"{path}[1]", "Fn::Sub's variables must be a map");
            }

            foreach (var (key, value) in map)
            {
                variables[key] = ResolveString(value, CheckJsonLocator.Member($"{path}[1]", key));
            }
        }
        else if (argument is JsonValue plain)
        {
            text = Text(plain);
        }
        else
        {
            throw Error(path, "Fn::Sub takes a string or [string, {variables}]");
        }

        var output = new System.Text.StringBuilder();
        for (var i = 0; i < text.Length;)
        {
            var open = text.IndexOf("${", i, StringComparison.Ordinal);
            if (open < 0)
            {
                output.Append(text, i, text.Length - i);
                break;
            }

            output.Append(text, i, open - i);
            var close = text.IndexOf('}', open);
            if (close < 0)
            {
                throw Error(path, $"Fn::Sub: unclosed ${{ in \"{text}\"");
            }

            var name = text[(open + 2)..close].Trim();
            if (name.StartsWith('!'))
            {
                output.Append("${").Append(name[1..]).Append('}'); // ${!Literal} is written as ${Literal}.
            }
            else if (variables.TryGetValue(name, out var variable))
            {
                output.Append(variable);
            }
            else if (name.Contains('.') && !name.StartsWith("AWS::", StringComparison.Ordinal))
            {
                var dot = name.IndexOf('.');
                output.Append(GetAtt(name[..dot], name[(dot + 1)..], path));
            }
            else
            {
                output.Append(Ref(name, path) is JsonValue v ? Text(v) : throw Error(path, $"Fn::Sub: ${{{name}}} is not a string"));
            }

            i = close + 1;
        }

        return output.ToString();
    }

    /// <summary>Evaluates a named condition of the template's <c>Conditions</c>.</summary>
    public bool Condition(string name, string path)
    {
        if (_conditions.TryGetValue(name, out var known))
        {
            return known;
        }

        var definition = _template.Root["Conditions"]?[name] ?? throw Error(path, $"no condition {name} in the template's Conditions");
        return _conditions[name] = ConditionValue(definition, $"$.Conditions.{name}");
    }

    private bool ConditionValue(JsonNode? node, string path)
    {
        if (node is JsonObject { Count: 1 } obj)
        {
            var (name, argument) = obj.First();
            var at = CheckJsonLocator.Member(path, name);
            var args = argument as JsonArray;
            switch (name)
            {
                case "Condition":
                    return Condition(ResolveString(argument, at), at);
                case "Fn::Equals" when args is { Count: 2 }:
                    return Canonical(Resolve(args[0], $"{at}[0]")) == Canonical(Resolve(args[1], $"{at}[1]"));
                case "Fn::Not" when args is { Count: 1 }:
                    return !ConditionValue(args[0], $"{at}[0]");
                case "Fn::And" when args is not null:
                    return args.Select((a, i) => ConditionValue(a, $"{at}[{i}]")).ToList().All(b => b);
                case "Fn::Or" when args is not null:
                    return args.Select((a, i) => ConditionValue(a, $"{at}[{i}]")).ToList().Any(b => b);
            }
        }

        throw Error(path, "expected a condition function (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition)");
    }

    private static string? Canonical(JsonNode? node) => node is JsonValue v ? Text(v) : node?.ToJsonString();

    /// <summary>A scalar as CloudFormation sees it: text (numbers and booleans as written).</summary>
    public static string Text(JsonValue value) => value.TryGetValue<string>(out var s) ? s : value.ToJsonString();
}
