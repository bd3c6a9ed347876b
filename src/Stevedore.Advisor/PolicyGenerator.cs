using System.Text.Json.Nodes;
using Stevedore.Policy.Catalog;

namespace Stevedore.Advisor;

/// <summary>
/// The least-privilege identity policy that grants a set of requirements: each action on the narrowest resource the
/// task definition determines (<c>*</c> only for actions without resource-level permissions, per the action catalog),
/// actions sharing the same resources and condition grouped into one statement.
/// </summary>
public static class PolicyGenerator
{
    public static JsonObject Generate(IEnumerable<Requirement> requirements, ActionCatalog? catalog = null)
    {
        catalog ??= ActionCatalog.Default;
        var grants = new List<(string Action, string Resource, string? ViaService, Requirement Source)>();
        foreach (var requirement in requirements)
        {
            if (requirement.PolicyResource is null)
            {
                continue;
            }

            var resource = NeedsWildcard(catalog, requirement.Action) ? "*" : requirement.PolicyResource;
            var via = requirement.Kind == RequirementKind.SideCall && requirement.Context.TryGetValue("kms:ViaService", out var v) ? v : null;
            grants.Add((requirement.Action, resource, via, requirement));
        }

        // action (+ condition) → its resources, in order of first appearance
        var byAction = new List<(string Action, string? Via, SortedSet<string> Resources, List<Requirement> Sources)>();
        foreach (var grant in grants)
        {
            var entry = byAction.FirstOrDefault(e => e.Action == grant.Action && e.Via == grant.ViaService);
            if (entry.Action is null)
            {
                entry = (grant.Action, grant.ViaService, new SortedSet<string>(StringComparer.Ordinal), []);
                byAction.Add(entry);
            }

            entry.Resources.Add(grant.Resource);
            entry.Sources.Add(grant.Source);
        }

        // Actions with the same resources and condition share a statement.
        var groups = new List<(string Key, string? Via, List<string> Actions, SortedSet<string> Resources, List<Requirement> Sources)>();
        foreach (var (action, via, resources, sources) in byAction)
        {
            var key = (via ?? "") + "|" + string.Join(",", resources);
            var group = groups.FirstOrDefault(g => g.Key == key);
            if (group.Key is null)
            {
                group = (key, via, [], resources, []);
                groups.Add(group);
            }

            group.Actions.Add(action);
            group.Sources.AddRange(sources);
        }

        var statements = new JsonArray();
        var sids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var statement = new JsonObject
            {
                ["Sid"] = UniqueSid(sids, group.Sources),
                ["Effect"] = "Allow",
                ["Action"] = OneOrMany(group.Actions.Order(StringComparer.Ordinal)),
                ["Resource"] = OneOrMany(group.Resources),
            };
            if (group.Via is { } viaService)
            {
                // Only through the service that decrypts the secret on the task's behalf.
                // https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-via-service
                statement["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["kms:ViaService"] = viaService } };
            }

            statements.Add((JsonNode)statement);
        }

        return new JsonObject { ["Version"] = "2012-10-17", ["Statement"] = statements };
    }

    /// <summary>True when the action authorizes only against <c>*</c> (no resource types in the catalog).</summary>
    public static bool NeedsWildcard(ActionCatalog catalog, string action) =>
        catalog.TryGetAction(action, out var info) && !info.SupportsResourceLevelPermissions;

    private static JsonNode OneOrMany(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 1 ? JsonValue.Create(list[0]) : new JsonArray([.. list.Select(v => (JsonNode)JsonValue.Create(v))]);
    }

    private static string UniqueSid(HashSet<string> used, List<Requirement> sources)
    {
        var features = sources.Select(s => s.Kind == RequirementKind.SideCall ? "Kms" + s.Feature : s.Feature.ToString()).Distinct().ToList();
        var sid = string.Concat(features.Take(3));
        var candidate = sid;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = sid + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
