using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Advisor;

namespace Stevedore.Cli;

/// <summary><c>check --format sarif</c>: SARIF 2.1.0, one result per finding with its file, JSON path and region.</summary>
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
internal static class CheckReportSarif
{
    /// <summary>Writes the log as it goes: the rules first (from every finding), then one result at a time.</summary>
    public static void Write(CheckInputs inputs, Utf8JsonWriter writer)
    {
        var rules = new SortedDictionary<string, AdvisorFinding>(StringComparer.Ordinal);
        foreach (var finding in inputs.Files.SelectMany(f => f.Report.Findings))
        {
            rules.TryAdd(finding.Code, finding);
        }

        writer.WriteStartObject();
        writer.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();
        writer.WritePropertyName("tool");
        new JsonObject
        {
            ["driver"] = new JsonObject
            {
                ["name"] = "stevedore",
                ["informationUri"] = "https://github.com/stevedore/stevedore",
                ["rules"] = new JsonArray([.. rules.Values.Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = r.Code,
                    ["shortDescription"] = new JsonObject { ["text"] = Describe(r) },
                    ["properties"] = new JsonObject { ["category"] = CheckReportJson.Kebab(r.Category.ToString()) },
                })]),
            },
        }.WriteTo(writer);
        writer.WriteStartArray("results");
        foreach (var file in inputs.Files)
        {
            foreach (var finding in file.Report.Findings)
            {
                Result(finding, file).WriteTo(writer);
            }

            if (writer.BytesPending > 64 * 1024)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static JsonObject Result(AdvisorFinding finding, CheckedFile file)
    {
        var (document, position) = CheckLocation.Of(finding, file);
        var location = new JsonObject();
        if (document is not null)
        {
            var physical = new JsonObject { ["artifactLocation"] = new JsonObject { ["uri"] = Uri(document) } };
            if (position is { } p)
            {
                physical["region"] = new JsonObject { ["startLine"] = p.Line, ["startColumn"] = p.Column };
            }

            location["physicalLocation"] = physical;
        }

        location["logicalLocations"] = new JsonArray(new JsonObject
        {
            ["fullyQualifiedName"] = finding.PolicyId is null ? finding.JsonPath ?? "$" : $"{finding.PolicyId}:{finding.JsonPath ?? "$"}",
            ["kind"] = "member",
        });
        var result = new JsonObject
        {
            ["ruleId"] = finding.Code,
            ["level"] = finding.Level switch { FindingLevel.Error => "error", FindingLevel.Warning => "warning", _ => "note" },
            ["message"] = new JsonObject { ["text"] = finding.Message },
            ["locations"] = new JsonArray(location),
        };
        if (finding.Suggestion is not null)
        {
            result["properties"] = new JsonObject { ["suggestion"] = JsonNode.Parse(finding.Suggestion) };
        }

        return result;
    }

    private static string Uri(string path)
    {
        var relative = Path.IsPathRooted(path) ? path : Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(path));
        return relative.Replace('\\', '/');
    }

    private static string Describe(AdvisorFinding finding) => finding.Category switch
    {
        FindingCategory.Permission => "The execution role does not allow a call the task launch makes.",
        FindingCategory.Trust => "The execution role's trust policy does not let ECS assume it as AWS recommends.",
        FindingCategory.OverBroad => "A grant wider than the task needs.",
        _ => "A launch-plan finding (registration, placement, launch type, version).",
    };
}
