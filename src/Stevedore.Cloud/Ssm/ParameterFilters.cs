using System.Text.Json.Nodes;
using Stevedore.Cloud.Ssm.Model;

namespace Stevedore.Cloud.Ssm;

/// <summary>The ParameterFilters (and legacy Filters) of DescribeParameters and GetParametersByPath.</summary>
// https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_ParameterStringFilter.html
public sealed class ParameterFilters
{
    private readonly List<Func<StoredParameter, bool>> _tests = [];

    /// <summary>For GetParametersByPath only Type, KeyId, Label and tag: keys are accepted.</summary>
    public static ParameterFilters ForPath(JsonObject input) => Parse(input, byPath: true);

    public static ParameterFilters ForDescribe(JsonObject input)
    {
        if (input["Filters"] is JsonArray { Count: > 0 } && input["ParameterFilters"] is JsonArray { Count: > 0 })
        {
            throw SsmErrors.Validation("You can use either Filters or ParameterFilters in a single request.");
        }

        var filters = Parse(input, byPath: false);
        if (input["Filters"] is JsonArray legacy)
        {
            foreach (var filter in legacy)
            {
                var key = filter!["Key"]!.GetValue<string>();
                var values = Values(filter);
                filters._tests.Add(p => values.Any(v => Matches(Field(p, key), key == "Name" ? "BeginsWith" : "Equals", v, key)));
            }
        }

        return filters;
    }

    /// <summary>The Path filter of DescribeParameters, when given: the path and whether it is recursive.</summary>
    public (string Path, bool Recursive)? Path { get; private set; }

    public bool Matches(StoredParameter parameter) => _tests.All(test => test(parameter));

    private static ParameterFilters Parse(JsonObject input, bool byPath)
    {
        var filters = new ParameterFilters();
        if (input["ParameterFilters"] is not JsonArray list)
        {
            return filters;
        }

        foreach (var filter in list)
        {
            var key = filter!["Key"]!.GetValue<string>();
            var option = filter["Option"]?.GetValue<string>();
            var values = Values(filter);
            if (key.StartsWith("tag:", StringComparison.Ordinal))
            {
                var tagKey = key[4..];
                filters._tests.Add(p => p.Tags.Any(t => t.Key == tagKey && (values.Count == 0 || values.Any(v => Matches(t.Value, option ?? "Equals", v, key)))));
                continue;
            }

            var allowed = byPath ? key is "Type" or "KeyId" or "Label" : key is not "Label";
            if (!allowed)
            {
                throw SsmErrors.InvalidFilterKey();
            }

            if (key == "Label")
            {
                // No version carries a label (LabelParameterVersion is not implemented).
                filters._tests.Add(_ => false);
                continue;
            }

            if (key == "Path")
            {
                var recursive = (option ?? "OneLevel") switch
                {
                    "OneLevel" => false,
                    "Recursive" => true,
                    _ => throw SsmErrors.InvalidFilterOption($"The following filter option is not valid: {option}. Valid options include: [Recursive, OneLevel]."),
                };
                filters.Path = (values.FirstOrDefault() ?? "/", recursive);
                continue;
            }

            var valid = key == "Name" ? new[] { "Equals", "BeginsWith", "Contains" } : ["Equals", "BeginsWith"];
            if (option is not null && !valid.Contains(option, StringComparer.Ordinal))
            {
                throw SsmErrors.InvalidFilterOption($"The following filter option is not valid: {option}. Valid options include: [{string.Join(", ", valid)}].");
            }

            filters._tests.Add(p => values.Any(v => Matches(Field(p, key), option ?? "Equals", v, key)));
        }

        return filters;
    }

    private static List<string> Values(JsonNode filter) =>
        filter["Values"] is JsonArray array ? [.. array.Select(v => v!.GetValue<string>())] : [];

    private static string? Field(StoredParameter parameter, string key) => key switch
    {
        "Name" => parameter.Name,
        "Type" => parameter.Current.Type,
        "KeyId" => parameter.Current.KeyId,
        "Tier" => parameter.Current.Tier,
        "DataType" => parameter.Current.DataType,
        _ => null,
    };

    private static bool Matches(string? field, string option, string value, string key)
    {
        if (field is null)
        {
            return false;
        }

        // Names match with or without their leading slash (the same parameter).
        if (key == "Name")
        {
            field = SsmNames.KeyOf(field);
            value = option == "Contains" ? value : SsmNames.KeyOf(value);
        }

        return option switch
        {
            "BeginsWith" => field.StartsWith(value, StringComparison.Ordinal),
            "Contains" => field.Contains(value, StringComparison.Ordinal),
            _ => field == value,
        };
    }
}
