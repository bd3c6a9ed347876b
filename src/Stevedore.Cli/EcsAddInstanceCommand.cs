using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Stevedore.Cli;

/// <summary>
/// <c>stevedore ecs add-instance --cluster C …</c>: registers a container instance (EC2 or External) with a running
/// Stevedore, in the attribute convention of docs/services/ecs.md — what an ECS agent on a real instance would send,
/// with its <c>/etc/ecs/ecs.config</c> as <c>stevedore.config/NAME</c> attributes and its instance role.
/// </summary>
internal static class EcsAddInstanceCommand
{
    public static Command Create()
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster (name or ARN).", DefaultValueFactory = _ => "default" };
        var agentVersion = new Option<string?>("--agent-version") { Description = "The ECS agent version (versionInfo.agentVersion), e.g. 1.15.0." };
        var config = new Option<string[]>("--config") { Description = "An /etc/ecs/ecs.config line NAME=VALUE (repeatable), e.g. ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true.", AllowMultipleArgumentsPerToken = true };
        var instanceRole = new Option<string?>("--instance-role") { Description = "The instance profile's role ARN (awslogs without the override, pulls without an execution role)." };
        var attribute = new Option<string[]>("--attribute") { Description = "Another attribute NAME=VALUE (repeatable), e.g. a capability.", AllowMultipleArgumentsPerToken = true };
        var instanceId = new Option<string?>("--instance-id") { Description = "The instance id (i-… for EC2, mi-… for External); generated when absent." };
        var external = new Option<bool>("--external") { Description = "An External (ECS Anywhere) instance." };
        var cpu = new Option<int>("--cpu") { Description = "CPU units.", DefaultValueFactory = _ => 2048 };
        var memory = new Option<int>("--memory") { Description = "Memory in MiB.", DefaultValueFactory = _ => 3768 };
        var endpoint = new Option<string>("--endpoint")
        {
            Description = "The Stevedore endpoint.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is { Length: > 0 } url ? url : "http://127.0.0.1:4566",
        };
        var region = new Option<string>("--region")
        {
            Description = "The region.",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1",
        };

        var add = new Command("add-instance", "Register a container instance with a running Stevedore (prints its ARN).")
        {
            cluster, agentVersion, config, instanceRole, attribute, instanceId, external, cpu, memory, endpoint, region,
        };
        add.SetAction(parse =>
        {
            var attributes = new JsonArray();
            foreach (var (name, value) in Pairs(parse.GetValue(config), "--config"))
            {
                attributes.Add((JsonNode)new JsonObject { ["name"] = $"stevedore.config/{name}", ["value"] = value });
            }

            foreach (var (name, value) in Pairs(parse.GetValue(attribute), "--attribute"))
            {
                attributes.Add((JsonNode)new JsonObject { ["name"] = name, ["value"] = value });
            }

            if (parse.GetValue(instanceRole) is { } role)
            {
                attributes.Add((JsonNode)new JsonObject { ["name"] = "stevedore.instance-role", ["value"] = role });
            }

            var isExternal = parse.GetValue(external);
            if (isExternal)
            {
                attributes.Add((JsonNode)new JsonObject { ["name"] = "ecs.capability.external" });
            }

            var input = new JsonObject
            {
                ["cluster"] = parse.GetValue(cluster),
                ["attributes"] = attributes,
                ["totalResources"] = new JsonArray(
                    new JsonObject { ["name"] = "CPU", ["type"] = "INTEGER", ["integerValue"] = parse.GetValue(cpu) },
                    new JsonObject { ["name"] = "MEMORY", ["type"] = "INTEGER", ["integerValue"] = parse.GetValue(memory) }),
            };
            if (parse.GetValue(agentVersion) is { } version)
            {
                input["versionInfo"] = new JsonObject { ["agentVersion"] = version };
            }

            var id = parse.GetValue(instanceId) ?? (isExternal ? "mi-" : "i-") + Guid.NewGuid().ToString("N")[..17];
            input["instanceIdentityDocument"] = new JsonObject { ["instanceId"] = id, ["region"] = parse.GetValue(region) }.ToJsonString();

            var (status, body) = SignedJsonCall.Send(parse.GetValue(endpoint)!, parse.GetValue(region)!, "ecs",
                "AmazonEC2ContainerServiceV20141113.RegisterContainerInstance", input);
            if (status != 200)
            {
                parse.InvocationConfiguration.Error.WriteLine(
                    $"error: HTTP {status.ToString(CultureInfo.InvariantCulture)}: {body?["__type"]}: {body?["message"] ?? body?["Message"]}");
                return 1;
            }

            parse.InvocationConfiguration.Output.WriteLine(body?["containerInstance"]?["containerInstanceArn"]?.GetValue<string>());
            return 0;
        });
        return new Command("ecs", "Set up ECS things a real account has outside the API (container instances).") { add };
    }

    private static IEnumerable<(string Name, string Value)> Pairs(string[]? items, string option)
    {
        foreach (var item in items ?? [])
        {
            var equals = item.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new CliException($"{option} takes NAME=VALUE, not '{item}'");
            }

            yield return (item[..equals], item[(equals + 1)..]);
        }
    }
}
