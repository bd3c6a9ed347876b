using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.LaunchPlan.Plan;
using Stevedore.LaunchPlan.Stopping;

namespace Stevedore.Agent;

/// <summary>Executing each planned call and reading its result as the agent does.</summary>
internal sealed partial class LaunchRun
{
    /// <summary>Executes one planned call (recording it in the trace); returns how it failed, or null.</summary>
    private CallFailure? Execute(PlannedCall call)
    {
        using var step = trace.Begin("call", call.Action);
        step.Set("stage", call.Stage.ToString()).Set("feature", call.Feature.ToString()).Set("container", call.Container)
            .Set("region", call.Region).Set("principalKind", call.Principal.ToString()).Set("principal", PrincipalArn(call))
            .Set("resources", new JsonArray([.. call.Resources.Select(r => (JsonNode?)r)]))
            .Set("endpointService", call.EndpointService).Set("vpcEndpointId", call.VpcEndpointId)
            .Set("condition", call.Condition.ToString()).Set("stopsTaskOnFailure", call.StopsTaskOnFailure);

        if (call.Condition == CallCondition.IfLogGroupMissing && !_groupMissing.Contains(call.Container ?? ""))
        {
            step.Skipped("the log group exists");
            return null;
        }

        if (call.Principal == CallPrincipal.PresignedUrl)
        {
            // ECR's pre-signed layer URL carries no IAM identity; only an S3 gateway endpoint's policy would apply (not evaluated).
            step.Skipped("pre-signed layer download from ECR's bucket: no IAM identity to authorize");
            return null;
        }

        if (CredentialsFor(call.Principal, step) is not { } credentials)
        {
            var missing = new ServiceError("NoCredentialProviders", $"no credentials for the {call.Principal} (no role, or it could not be assumed)", 400);
            step.Failed(missing);
            return missing;
        }

        var origin = Origin(call, step);
        var failure = (call.Service, call.Operation) switch
        {
            ("ecr", "GetDownloadUrlForLayer") => Layers(call, credentials, origin, step),
            ("s3", _) => S3(call, credentials, origin, step),
            _ => Json(call, credentials, origin, step),
        };
        if (failure is not null && step.Status == "ok")
        {
            step.Failed(failure as ServiceError, failure is ServiceError ? null : failure.ToString());
        }

        return failure;
    }

    private CallFailure? Json(PlannedCall call, Aws.SigV4.SigV4Signer.Credentials credentials, Cloud.Services.RequestOrigin origin, LaunchTrace.Step step)
    {
        var request = (JsonObject?)call.Request?.DeepClone() ?? [];
        if (call.Operation is "CreateLogStream" or "PutLogEvents" && request["logStreamName"] is null)
        {
            // Without awslogs-stream-prefix Docker names the stream after the container id.
            request["logStreamName"] = ContainerId(call.Container ?? "");
        }

        if (call.Operation == "PutLogEvents")
        {
            request["logEvents"] = new JsonArray(new JsonObject
            {
                ["timestamp"] = agent.Clock.GetUtcNow().ToUnixTimeMilliseconds(),
                ["message"] = StartLine(call.Container ?? ""),
            });
        }

        var result = agent.Client.Json(call.Service, call.Operation, call.Region, request, credentials, origin);
        step.Set("requestId", result.RequestId).Set("httpStatus", result.Status);
        if (result.Error is { } error)
        {
            return (call.Operation, error.Code) switch
            {
                // CreateLogStream on a missing group: with awslogs-create-group the driver creates the group and retries.
                ("CreateLogStream", "ResourceNotFoundException") when HasGroupCreation(call) => GroupMissing(call, step),
                ("CreateLogStream" or "CreateLogGroup", "ResourceAlreadyExistsException") => null,
                ("BatchGetImage", "RepositoryNotFoundException") => Fail(step, error, new ImageNotFound(RepositoryMissing: true)),
                _ => error,
            };
        }

        var output = result.Output!;
        return call.Operation switch
        {
            "BatchGetImage" => Manifest(call, output, step),
            "GetParameters" when output["InvalidParameters"] is JsonArray { Count: > 0 } invalid =>
                Fail(step, null, new InvalidParameters([.. invalid.Select(n => n!.GetValue<string>())])),
            "GetSecretValue" when call.Feature == Feature.PrivateRegistryAuth => RegistryCredentials(output, step),
            "GetSecretValue" => JsonKeys(call, output, step),
            _ => null,
        };
    }

    private bool HasGroupCreation(PlannedCall call) =>
        _plan.Calls.Any(c => c.Container == call.Container && c.Operation == "CreateLogGroup" && c.Condition == CallCondition.IfLogGroupMissing);

    private CallFailure? GroupMissing(PlannedCall call, LaunchTrace.Step step)
    {
        _groupMissing.Add(call.Container ?? "");
        step.Succeeded("the log group does not exist: awslogs-create-group creates it");
        return null;
    }

    /// <summary>BatchGetImage: the image must exist; its manifest gives the layers to download.</summary>
    private CallFailure? Manifest(PlannedCall call, JsonObject output, LaunchTrace.Step step)
    {
        if (output["images"] is not JsonArray { Count: > 0 } images)
        {
            var code = output["failures"]?[0]?["failureCode"]?.GetValue<string>();
            return Fail(step, null, new ImageNotFound(RepositoryMissing: code == "RepositoryNotFound"));
        }

        var digests = new List<string>();
        try
        {
            var manifest = JsonNode.Parse(images[0]!["imageManifest"]?.GetValue<string>() ?? "{}");
            digests.AddRange(manifest?["layers"]?.AsArray().Select(l => l?["digest"]?.GetValue<string>()).OfType<string>() ?? []);
        }
        catch (JsonException)
        {
            // A manifest that is not JSON has no layers to fetch.
        }

        _layers[call.Container ?? ""] = digests;
        step.Succeeded($"{digests.Count} layer(s) in the manifest");
        return null;
    }

    /// <summary>GetDownloadUrlForLayer for each layer of the manifest. Layers ECR does not hold (an image pushed with
    /// PutImage alone) count as reachable.</summary>
    private CallFailure? Layers(PlannedCall call, Aws.SigV4.SigV4Signer.Credentials credentials, Cloud.Services.RequestOrigin origin, LaunchTrace.Step step)
    {
        var digests = _layers.GetValueOrDefault(call.Container ?? "") ?? [];
        var notStored = 0;
        foreach (var digest in digests)
        {
            var request = (JsonObject)call.Request!.DeepClone();
            request["layerDigest"] = digest;
            var result = agent.Client.Json(call.Service, call.Operation, call.Region, request, credentials, origin);
            if (result.Error is { Code: "LayersNotFoundException" })
            {
                notStored++;
                continue;
            }

            if (result.Error is { } error)
            {
                step.Set("layerDigest", digest).Set("requestId", result.RequestId);
                return Fail(step, error, error.Code.StartsWith("AccessDenied", StringComparison.Ordinal) || error.Code == "LayerInaccessibleException"
                    ? new LayerDenied(digest, error)
                    : error);
            }
        }

        step.Succeeded($"{digests.Count} layer(s){(notStored > 0 ? $", {notStored} not stored in ECR (pushed with PutImage alone): reachable" : "")}");
        return null;
    }

    /// <summary>The agent's check of a <c>repositoryCredentials</c> secret: <c>{"username": …, "password": …}</c> (agent/asm/asm.go).</summary>
    private static CallFailure? RegistryCredentials(JsonObject output, LaunchTrace.Step step)
    {
        var text = output["SecretString"]?.GetValue<string>();
        if (string.IsNullOrEmpty(text))
        {
            return Fail(step, null, new RegistryCredentialsInvalid(RegistryCredentialsProblem.EmptySecretValue));
        }

        JsonObject? value;
        try
        {
            value = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            value = null;
        }

        if (value is null)
        {
            return Fail(step, null, new RegistryCredentialsInvalid(RegistryCredentialsProblem.InvalidSchema));
        }

        return string.IsNullOrEmpty(StringMember(value, "username")) ? Fail(step, null, new RegistryCredentialsInvalid(RegistryCredentialsProblem.EmptyUsername))
            : string.IsNullOrEmpty(StringMember(value, "password")) ? Fail(step, null, new RegistryCredentialsInvalid(RegistryCredentialsProblem.EmptyPassword))
            : null;
    }

    /// <summary>The JSON keys the secrets of this call take from the SecretString, extracted client-side.</summary>
    private static CallFailure? JsonKeys(PlannedCall call, JsonObject output, LaunchTrace.Step step)
    {
        foreach (var item in call.Secrets)
        {
            if (item.JsonKey is not { } key)
            {
                continue;
            }

            JsonObject? value;
            try
            {
                value = JsonNode.Parse(output["SecretString"]?.GetValue<string>() ?? "") as JsonObject;
            }
            catch (JsonException)
            {
                value = null;
            }

            if (value is null || !value.ContainsKey(key))
            {
                return Fail(step, null, new JsonKeyMissing(key));
            }
        }

        return null;
    }

    private CallFailure? S3(PlannedCall call, Aws.SigV4.SigV4Signer.Credentials credentials, Cloud.Services.RequestOrigin origin, LaunchTrace.Step step)
    {
        var bucket = call.Request?["Bucket"]?.GetValue<string>() ?? "";
        var key = call.Request?["Key"]?.GetValue<string>();
        var method = call.Operation is "HeadObject" or "HeadBucket" ? "HEAD" : "GET";
        var result = agent.Client.S3(method, bucket, call.Operation == "HeadBucket" ? null : key, call.Region, credentials, origin);
        step.Set("httpStatus", result.Status);
        return result.Error;
    }

    private static CallFailure Fail(LaunchTrace.Step step, ServiceError? error, CallFailure failure)
    {
        step.Failed(error, failure.ToString());
        return failure;
    }

    private static string? StringMember(JsonObject value, string name) =>
        value[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    private string PrincipalArn(PlannedCall call) => call.Principal switch
    {
        CallPrincipal.ExecutionRole => _plan.Assumption?.SessionArn ?? call.PrincipalRoleArn ?? "",
        CallPrincipal.InstanceRole when context.InstanceRoleArn is { } role =>
            $"arn:{context.Partition}:sts::{role.Split(':')[4]}:assumed-role/{role[(role.LastIndexOf('/') + 1)..]}/{launch.ContainerInstance?.Ec2InstanceId}",
        CallPrincipal.InstanceRole => "(no instance role)",
        _ => "(pre-signed URL)",
    };

    /// <summary>The line each awslogs container writes when it starts.</summary>
    private string StartLine(string container) =>
        $"Stevedore: container {container} of task {launch.TaskId} started (simulated; execution role {_plan.ExecutionRoleArn ?? "none"})";

    /// <summary>A stable 64-hex Docker container id for a container of this task.</summary>
    private string ContainerId(string container) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{launch.TaskId}/{container}")));
}
