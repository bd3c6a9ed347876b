using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stevedore.Cli;

/// <summary><c>stevedore tasks trace TASK [--endpoint URL] [--json]</c>: a launch's trace from a running server, as a
/// readable timeline. Exit 0 shown, 1 no trace for the task, 2 the server could not be reached.</summary>
internal static class TasksTraceCommand
{
    /// <summary>Context keys worth a line in the timeline (the rest are in the JSON).</summary>
    private static readonly string[] ShownKeyPrefixes = ["aws:SourceVpc", "aws:SourceVpce", "aws:SourceAccount", "aws:SourceArn", "kms:", "aws:ViaAWSService"];

    public static Command Create()
    {
        var task = new Argument<string>("TASK") { Description = "The task ARN or id." };
        var endpoint = new Option<string>("--endpoint")
        {
            Description = "The Stevedore endpoint.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:4566",
        };
        var json = new Option<bool>("--json") { Description = "Print the trace as the server returns it (JSON)." };
        var trace = new Command("trace", "Show how a task's launch went: each step, call and authorization, with timings.") { task, endpoint, json };
        trace.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var url = $"{EndpointUrl.Require(parse.GetValue(endpoint)!)}/_stevedore/tasks/{Uri.EscapeDataString(parse.GetValue(task)!)}/trace";
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            HttpResponseMessage response;
            try
            {
                response = http.GetAsync(url).GetAwaiter().GetResult();
            }
            catch (HttpRequestException e)
            {
                throw new CliException($"cannot reach {url}: {e.Message}");
            }
            catch (TaskCanceledException)
            {
                throw new CliException($"cannot reach {url}: no answer within {http.Timeout.TotalSeconds:0} s");
            }

            var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                parse.InvocationConfiguration.Error.WriteLine($"error: {(int)response.StatusCode}: {body}");
                return 1;
            }

            if (parse.GetValue(json))
            {
                output.WriteLine(body);
            }
            else
            {
                Write(output, JsonNode.Parse(body)!.AsObject());
            }

            return 0;
        });
        return new Command("tasks", "Inspect ECS tasks launched by a running Stevedore.") { trace };
    }

    /// <summary>The timeline: the task, its outcome, the findings, then each step with its authorizations.</summary>
    public static void Write(TextWriter output, JsonObject trace)
    {
        var outcome = trace["outcome"];
        output.WriteLine($"Task {S(trace["taskArn"])}");
        output.WriteLine($"  {S(trace["launchType"])}{Opt(" platform ", trace["platformVersion"])}{Opt(" agent ", trace["agentVersion"])}"
            + $"  started {S(trace["startedAt"])}  total {Ms(trace["totalMilliseconds"])}");
        output.WriteLine($"  execution role {S(trace["executionRoleArn"], "(none)")}{Opt("  session ", trace["sessionArn"])}");
        if (trace["vpcId"] is not null)
        {
            var endpoints = trace["vpcEndpoints"]?.AsArray().Select(e => S(e)) ?? [];
            output.WriteLine($"  network {S(trace["vpcId"])}  endpoints: {string.Join(", ", endpoints.DefaultIfEmpty("none"))}");
        }

        output.WriteLine($"  outcome {S(outcome?["lastStatus"])}{Opt(" (", outcome?["stopCode"], ")")}");
        if (outcome?["stoppedReason"] is { } reason)
        {
            output.WriteLine($"  stoppedReason: {S(reason)}");
        }

        foreach (var finding in trace["findings"]?.AsArray() ?? [])
        {
            output.WriteLine($"  finding [{S(finding?["severity"])}/{S(finding?["stage"])}] {S(finding?["code"])}: {S(finding?["message"])}");
        }

        output.WriteLine();
        foreach (var step in trace["steps"]?.AsArray() ?? [])
        {
            var at = $"+{Ms(step?["offsetMilliseconds"])}".PadLeft(11);
            var stage = step?["stage"] is { } s ? $" [{S(s)}{Opt(" ", step["container"])}]" : "";
            output.WriteLine($"{at}  {S(step?["sequence"]),2}. {S(step?["name"])}{stage}  {S(step?["status"]).ToUpperInvariant()}  ({Ms(step?["milliseconds"])})");
            if (step?["note"] is { } note)
            {
                output.WriteLine($"{"",15}{S(note)}");
            }

            if (step?["error"] is { } error)
            {
                output.WriteLine($"{"",15}error {S(error["code"])} (HTTP {S(error["httpStatus"])}): {S(error["message"])}");
            }

            foreach (var authorization in step?["authorizations"]?.AsArray() ?? [])
            {
                WriteAuthorization(output, authorization!.AsObject());
            }
        }
    }

    private static void WriteAuthorization(TextWriter output, JsonObject authorization)
    {
        output.WriteLine($"{"",15}{S(authorization["decision"])}: {S(authorization["principal"])} → {S(authorization["action"])} on {S(authorization["resource"])}"
            + Opt(" via ", authorization["vpcEndpointId"]));
        foreach (var statement in authorization["decidingStatements"]?.AsArray() ?? [])
        {
            output.WriteLine($"{"",17}by {S(statement)}");
        }

        var keys = authorization["context"]?.AsObject()
            .Where(k => ShownKeyPrefixes.Any(p => k.Key.StartsWith(p, StringComparison.Ordinal)))
            .Select(k => $"{k.Key}={(k.Value is JsonArray a ? string.Join("|", a.Select(v => S(v))) : S(k.Value))}")
            .ToList() ?? [];
        if (keys.Count > 0)
        {
            output.WriteLine($"{"",17}keys {string.Join(" ", keys)}");
        }
    }

    private static string S(JsonNode? node, string otherwise = "") => node switch
    {
        null => otherwise,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static string Opt(string before, JsonNode? node, string after = "") => node is null ? "" : before + S(node) + after;

    private static string Ms(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var ms) ? ms.ToString("0.000", CultureInfo.InvariantCulture) + " ms" : "?";
}
