using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Ecs;
using Stevedore.LaunchPlan.Stopping;

namespace Stevedore.Agent;

/// <summary>
/// The record of one launch, step by step: each step's principal, call, endpoint, the authorizations the pipeline
/// made for it (principal, action, resource, context keys, decision, deciding statements), its result and timing.
/// Serialized as the JSON <c>GET /_stevedore/tasks/{taskArn}/trace</c> returns.
/// </summary>
public sealed class LaunchTrace(string taskArn, DateTimeOffset startedAt)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly JsonArray _steps = [];
    private readonly JsonArray _findings = [];

    public JsonObject Header { get; } = new() { ["taskArn"] = taskArn, ["startedAt"] = startedAt.ToString("O", CultureInfo.InvariantCulture) };

    /// <summary>A step being executed; <see cref="Step.Dispose"/> closes it with its timing.</summary>
    public Step Begin(string kind, string name)
    {
        var step = new Step(new JsonObject { ["sequence"] = _steps.Count + 1, ["kind"] = kind, ["name"] = name, ["offsetMilliseconds"] = Elapsed() });
        _steps.Add((JsonNode)step.Json);
        return step;
    }

    public void Finding(string code, string severity, string stage, string message) =>
        _findings.Add((JsonNode)(new JsonObject { ["code"] = code, ["severity"] = severity, ["stage"] = stage, ["message"] = message }));

    /// <summary>The complete document, with the launch's outcome. Called once, when the launch is over: the document is
    /// made of the trace's own nodes (no copies), so the trace is not to be written to afterwards.</summary>
    public JsonObject Finish(TaskLaunchOutcome outcome)
    {
        var document = Header;
        document["outcome"] = new JsonObject
        {
            ["lastStatus"] = outcome.LastStatus,
            ["stopCode"] = outcome.StopCode,
            ["stoppedReason"] = outcome.StoppedReason,
            ["containerReasons"] = outcome.ContainerReasons is { } reasons
                ? new JsonObject(reasons.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value)))
                : null,
        };
        document["totalMilliseconds"] = Elapsed();
        document["findings"] = _findings;
        document["steps"] = _steps;
        return document;
    }

    private double Elapsed() => Math.Round(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, 3);

    /// <summary>One step: collects the authorizations the pipeline reports for it.</summary>
    public sealed class Step(JsonObject json) : IAuthorizationTrace, IDisposable
    {
        private readonly long _started = Stopwatch.GetTimestamp();
        private readonly JsonArray _authorizations = [];

        public JsonObject Json { get; } = json;

        public string Status { get; private set; } = "ok";

        public Step Set(string name, JsonNode? value)
        {
            Json[name] = value;
            return this;
        }

        public void Record(AuthorizationRecord record)
        {
            var context = new JsonObject();
            foreach (var (key, values) in record.Context)
            {
                context[key] = values.Count == 1 ? values[0] : new JsonArray([.. values.Select(v => (JsonNode?)v)]);
            }

            _authorizations.Add((JsonNode)(new JsonObject
            {
                ["principal"] = record.Principal,
                ["action"] = record.Action,
                ["resource"] = record.Resource,
                ["vpcEndpointId"] = record.VpcEndpointId,
                ["decision"] = record.Decision,
                ["decidingStatements"] = new JsonArray([.. record.DecidingStatements.Select(s => (JsonNode?)s)]),
                ["message"] = record.Message,
                ["context"] = context,
            }));
        }

        public void Succeeded(string? note = null)
        {
            Status = "ok";
            Json["note"] = note;
        }

        public void Skipped(string why)
        {
            Status = "skipped";
            Json["note"] = why;
        }

        public void Failed(ServiceError? error, string? detail = null)
        {
            Status = "failed";
            if (error is not null)
            {
                Json["error"] = new JsonObject
                {
                    ["code"] = error.Code,
                    ["message"] = error.Message,
                    ["httpStatus"] = error.HttpStatus,
                    ["requestId"] = error.RequestId,
                };
            }

            Json["note"] = detail;
        }

        public void Dispose()
        {
            Json["status"] = Status;
            Json["milliseconds"] = Math.Round(Stopwatch.GetElapsedTime(_started).TotalMilliseconds, 3);
            Json["authorizations"] = _authorizations;
        }
    }
}
