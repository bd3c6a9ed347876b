using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stevedore.Cloud.Ec2;

/// <summary>
/// EC2's <c>Filter.N.Name</c>/<c>Filter.N.Value.M</c>: a resource matches when every filter has a value among the
/// resource's values for that name (values may use <c>*</c> and <c>?</c>). <c>tag:KEY</c> and <c>tag-key</c> work
/// everywhere; the other names come from the operation.
/// </summary>
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Filtering.html
internal static class Ec2Filters
{
    /// <summary>The resources that match <paramref name="filters"/> (the request's <c>Filters</c> member, or null).</summary>
    /// <param name="fields">Filter name → the resource's values for it.</param>
    public static IEnumerable<JsonObject> Apply(IEnumerable<JsonObject> resources, JsonNode? filters, IReadOnlyDictionary<string, Func<JsonObject, IEnumerable<string?>>> fields)
    {
        var parsed = Parse(filters);
        foreach (var (name, _) in parsed)
        {
            if (!name.StartsWith("tag:", StringComparison.Ordinal) && name != "tag-key" && !fields.ContainsKey(name))
            {
                throw Ec2Errors.InvalidParameterValue($"The filter '{name}' is invalid");
            }
        }

        return resources.Where(r => parsed.All(f => ValuesOf(r, f.Name, fields).Any(v => v is not null && f.Patterns.Any(p => p.IsMatch(v)))));
    }

    private static IEnumerable<string?> ValuesOf(JsonObject resource, string name, IReadOnlyDictionary<string, Func<JsonObject, IEnumerable<string?>>> fields)
    {
        if (name.StartsWith("tag:", StringComparison.Ordinal))
        {
            var key = name[4..];
            return Tags(resource).Where(t => t.Key == key).Select(t => t.Value);
        }

        return name == "tag-key" ? Tags(resource).Select(t => t.Key) : fields[name](resource);
    }

    public static IEnumerable<(string Key, string Value)> Tags(JsonObject resource) =>
        (resource["Tags"] as JsonArray ?? []).Select(t => (t!["Key"]!.GetValue<string>(), t["Value"]?.GetValue<string>() ?? ""));

    private static List<(string Name, List<Regex> Patterns)> Parse(JsonNode? filters)
    {
        var result = new List<(string, List<Regex>)>();
        foreach (var filter in filters as JsonArray ?? [])
        {
            var name = filter?["Name"]?.GetValue<string>() ?? "";
            var values = (filter?["Values"] as JsonArray ?? []).Select(v => v!.GetValue<string>()).ToList();
            result.Add((name, values.Select(Wildcard).ToList()));
        }

        return result;
    }

    private static Regex Wildcard(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}
