using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Advisor;
using Stevedore.LaunchPlan.Plan;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cli;

/// <summary><c>check --format json</c>: the documented schema (docs/advisor.md), version <see cref="SchemaVersion"/>.</summary>
internal static class CheckReportJson
{
    public const int SchemaVersion = 1;

    /// <summary>
    /// Writes the report as it goes, one task's tree at a time (a folder of 1,000 definitions is ~12 MB of JSON: building
    /// it whole, then a string of it, made the run three times slower).
    /// </summary>
    public static void Write(CheckInputs inputs, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("schemaVersion", SchemaVersion);
        writer.WriteBoolean("canStart", inputs.Files.All(f => f.Report.CanStart));
        writer.WriteStartArray("tasks");
        foreach (var file in inputs.Files)
        {
            Task(file, inputs).WriteTo(writer);
            if (writer.BytesPending > 64 * 1024)
            {
                writer.Flush();
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static JsonObject Task(CheckedFile file, CheckInputs inputs)
    {
        var plan = file.Plan;
        return new JsonObject
        {
            ["file"] = file.Path,
            ["family"] = plan.TaskDefinition.Family,
            ["launchType"] = CheckReportText.LaunchTypeName(plan.LaunchType),
            ["executionRoleArn"] = plan.ExecutionRoleArn,
            ["instanceRoleArn"] = file.Report.InstanceRoleArn,
            ["canStart"] = file.Report.CanStart,
            ["requirements"] = new JsonArray([.. file.Report.Requirements.Select(r => (JsonNode)Requirement(r))]),
            ["findings"] = new JsonArray([.. file.Report.Findings.Select(f => (JsonNode)Finding(f, file, inputs))]),
            ["missingPolicy"] = file.Report.MissingPolicy.DeepClone(),
            ["instanceRoleMissingPolicy"] = file.Report.InstanceRoleMissingPolicy?.DeepClone(),
        };
    }

    private static JsonObject Requirement(Requirement r)
    {
        var json = new JsonObject
        {
            ["id"] = r.Id,
            ["kind"] = Kebab(r.Kind.ToString()),
            ["feature"] = r.Feature.ToString(),
            ["stage"] = r.Stage?.ToString(),
            ["jsonPath"] = r.JsonPath,
            ["jsonPaths"] = Strings(r.JsonPaths),
            ["container"] = r.Container,
            ["service"] = r.Service,
            ["operation"] = r.Operation,
            ["action"] = r.Action,
            ["resource"] = r.Resource,
            ["policyResource"] = r.PolicyResource,
            ["principal"] = r.Principal,
            ["region"] = r.Region,
            ["context"] = new JsonObject([.. r.Context.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => KeyValuePair.Create(k.Key, (JsonNode?)k.Value))]),
            ["condition"] = Condition(r.Condition),
            ["blocksStart"] = r.BlocksStart,
            ["verdict"] = Kebab(r.Verdict.ToString()),
            ["decision"] = r.Decision?.ToString(),
            ["decidedBy"] = r.DecidedBy,
            ["statements"] = new JsonArray([.. r.Statements.Select(s => (JsonNode)Statement(s))]),
            ["message"] = r.Message,
            ["failedConditions"] = new JsonArray([.. r.FailedConditions.Select(f => (JsonNode)new JsonObject
            {
                ["statement"] = Statement(f.Statement),
                ["operator"] = f.Operator,
                ["key"] = f.Key,
                ["policyValues"] = Strings(f.PolicyValues),
                ["requestValues"] = f.RequestValues is null ? null : Strings(f.RequestValues),
                ["reason"] = f.Reason,
            })]),
            ["missingContextKeys"] = Strings(r.MissingContextKeys),
            ["note"] = r.Note,
        };
        return json;
    }

    private static JsonObject Finding(AdvisorFinding f, CheckedFile file, CheckInputs inputs)
    {
        var (document, position) = CheckLocation.Of(f, file);
        return new JsonObject
        {
            ["code"] = f.Code,
            ["category"] = Kebab(f.Category.ToString()),
            ["level"] = f.Level.ToString().ToLowerInvariant(),
            ["message"] = f.Message,
            ["file"] = document,
            ["policy"] = f.PolicyId,
            ["jsonPath"] = f.JsonPath,
            ["line"] = position?.Line,
            ["column"] = position?.Column,
            ["requirement"] = f.RequirementId,
            ["suggestion"] = f.Suggestion is null ? null : JsonNode.Parse(f.Suggestion),
        };
    }

    internal static JsonObject Statement(StatementRef s) => new()
    {
        ["policy"] = s.PolicyId,
        ["policyType"] = s.PolicyType.ToString(),
        ["index"] = s.StatementIndex,
        ["sid"] = s.Sid,
        ["effect"] = s.Effect.ToString(),
    };

    internal static string Condition(CallCondition condition) => condition switch
    {
        CallCondition.IfLogGroupMissing => "if-log-group-missing",
        CallCondition.IfCustomerManagedKey => "if-customer-managed-key",
        _ => "always",
    };

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    internal static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

/// <summary>Where a finding is: the task definition's file, or the file of the policy it names; with line and column.</summary>
internal static class CheckLocation
{
    public static (string? File, (int Line, int Column)? Position) Of(AdvisorFinding finding, CheckedFile file)
    {
        if (finding.PolicyId is null)
        {
            return (file.Path, finding.JsonPath is null ? null : file.Locator.Value.Find(finding.JsonPath));
        }

        return file.Policies.TryGetValue(finding.PolicyId, out var source)
            ? (source.File, finding.JsonPath is null ? null : source.Locator.Value.Find(finding.JsonPath))
            : (null, null);
    }
}
