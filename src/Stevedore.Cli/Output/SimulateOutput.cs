using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cli.Output;

/// <summary>Prints a decision: its kind, the AccessDenied message for a denial and, on request, the explanation.</summary>
internal static class SimulateOutput
{
    public static void WriteText(TextWriter output, Explanation explanation, bool withExplanation)
    {
        output.WriteLine(explanation.Decision.Kind);
        if (explanation.Message is { } message)
        {
            output.WriteLine(message);
        }

        if (!withExplanation)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine($"Decided by: {PolicyTypeNamesCli.Name(explanation.Decision.DecidedBy)} policy");
        Section(output, "Deciding statements", explanation.DecidingStatements.Select(Describe));
        Section(output, "Matched statements", explanation.MatchedStatements.Select(Describe));
        Section(output, "Failed conditions", explanation.FailedConditions.Select(f =>
            $"{Describe(f.Statement)}: {f.Operator} {f.Key}\n      {f.Reason}"));
        Section(output, "Missing context keys", explanation.MissingContextKeys);
    }

    public static void WriteJson(TextWriter output, AuthorizationRequest request, Explanation explanation, bool withExplanation)
    {
        var context = new JsonObject();
        foreach (var (key, value) in request.Context.Entries.OrderBy(e => e.Key, StringComparer.OrdinalIgnoreCase))
        {
            context[key] = value.IsMultiValued ? new JsonArray([.. value.Values.Select(v => JsonValue.Create(v))]) : JsonValue.Create(value.Single);
        }

        var json = new SimulateJson(
            explanation.Decision.Kind.ToString(),
            PolicyTypeNamesCli.Name(explanation.Decision.DecidedBy),
            explanation.Message,
            new RequestJson(request.Principal.Arn, request.Action, request.Resource, request.ResourceAccount, context));
        if (withExplanation)
        {
            json = json with
            {
                DecidingStatements = [.. explanation.DecidingStatements.Select(ToJson)],
                MatchedStatements = [.. explanation.MatchedStatements.Select(ToJson)],
                FailedConditions = [.. explanation.FailedConditions.Select(f =>
                    new FailedConditionJson(ToJson(f.Statement), f.Operator, f.Key, f.PolicyValues, f.RequestValues, f.Reason))],
                MissingContextKeys = explanation.MissingContextKeys,
            };
        }

        output.WriteLine(JsonSerializer.Serialize(json, CliJsonContext.Readable.SimulateJson));
    }

    private static StatementJson ToJson(StatementRef s) =>
        new(s.PolicyId, PolicyTypeNamesCli.Name(s.PolicyType), s.StatementIndex, s.Sid, s.Effect.ToString());

    private static string Describe(StatementRef s) =>
        $"{s.PolicyId} [{PolicyTypeNamesCli.Name(s.PolicyType)}] Statement[{s.StatementIndex}]{(s.Sid is null ? "" : $" Sid={s.Sid}")} {s.Effect}";

    private static void Section(TextWriter output, string title, IEnumerable<string> lines)
    {
        output.WriteLine($"{title}:");
        var any = false;
        foreach (var line in lines)
        {
            output.WriteLine($"  - {line}");
            any = true;
        }

        if (!any)
        {
            output.WriteLine("  (none)");
        }
    }
}
