using System.Globalization;
using System.Text.Json.Nodes;

namespace Stevedore.Cloud.Ecs;

/// <summary>
/// RegisterTaskDefinition's checks, in the order ECS appears to apply them (container checks before Fargate's
/// task-level checks, as public reports show), and what a registered revision derives: task-level cpu/memory as
/// numbers, <c>compatibilities</c> and <c>requiresAttributes</c>.
/// </summary>
internal static class TaskDefinitionRules
{
    /// <summary>Fargate's cpu → allowed memory (MiB) combinations.</summary>
    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
    private static readonly Dictionary<int, int[]> FargateSizes = new()
    {
        [256] = [512, 1024, 2048],
        [512] = Steps(1024, 4096, 1024),
        [1024] = Steps(2048, 8192, 1024),
        [2048] = Steps(4096, 16384, 1024),
        [4096] = Steps(8192, 30720, 1024),
        [8192] = Steps(16384, 61440, 4096),
        [16384] = Steps(32768, 122880, 8192),
    };

    private static int[] Steps(int from, int to, int step) => [.. Enumerable.Range(0, ((to - from) / step) + 1).Select(i => from + (i * step))];

    /// <summary>Task cpu in units: <c>"1024"</c> or <c>"1 vCPU"</c>; null when absent; throws when unreadable.</summary>
    public static int? Cpu(string? text) => Units(text, "vcpu", 1024, "cpu");

    /// <summary>Task memory in MiB: <c>"2048"</c> or <c>"2 GB"</c>.</summary>
    public static int? Memory(string? text) => Units(text, "gb", 1024, "memory");

    private static int? Units(string? text, string unit, int factor, string what)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        var scaled = trimmed.EndsWith(unit, StringComparison.OrdinalIgnoreCase);
        var number = scaled ? trimmed[..^unit.Length].Trim() : trimmed;
        if (!decimal.TryParse(number, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            // https://github.com/oranmoshai/ecsServiceRestart/issues/2 ("Invalid 'cpu' setting for task.")
            throw EcsErrors.Client($"Invalid '{what}' setting for task.");
        }

        return (int)(scaled ? value * factor : value);
    }

    /// <summary>Throws the ClientException ECS answers for the first rule the definition breaks.</summary>
    public static void Validate(JsonObject input)
    {
        var family = input["family"]?.GetValue<string>() ?? "";
        if (family.Length == 0)
        {
            // https://github.com/aws-actions/amazon-ecs-deploy-task-definition/issues/630
            throw EcsErrors.Client("Family can not be blank.");
        }

        if (family.Length > 255 || !family.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
        {
            // https://github.com/aws/amazon-ecs-cli/issues/37
            throw EcsErrors.Client("Family contains invalid characters.");
        }

        var containers = input["containerDefinitions"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
        if (containers.Count == 0)
        {
            throw EcsErrors.Client("Container list cannot be empty.");
        }

        var fargate = Requires(input, "FARGATE");
        var networkMode = input["networkMode"]?.GetValue<string>();
        var cpu = Cpu(input["cpu"]?.GetValue<string>());
        var memory = Memory(input["memory"]?.GetValue<string>());
        var executionRole = input["executionRoleArn"]?.GetValue<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in containers)
        {
            var name = container["name"]?.GetValue<string>() ?? "";
            if (name.Length == 0 || name.Length > 255 || !name.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_'))
            {
                // https://github.com/hashicorp/terraform-provider-aws/issues/5950
                throw EcsErrors.Client("Container.name contains invalid characters.");
            }

            if (!names.Add(name))
            {
                throw EcsErrors.Client($"Duplicate container name '{name}'.");
            }

            if (string.IsNullOrEmpty(container["image"]?.GetValue<string>()))
            {
                throw EcsErrors.Client("Container.image should not be null or empty.");
            }

            var containerMemory = container["memory"]?.GetValue<int>();
            if (memory is null && containerMemory is null && container["memoryReservation"] is null)
            {
                // https://github.com/aws/aws-cli/issues/4453
                throw EcsErrors.Client($"Invalid setting for container '{name}'. At least one of 'memory' or 'memoryReservation' must be specified.");
            }

            if (memory is not null && containerMemory > memory)
            {
                // https://github.com/pulumi/pulumi-awsx/issues/188
                throw EcsErrors.Client($"The 'memory' setting for container '{name}' is greater than for the task.");
            }

            if (networkMode == "awsvpc" && container["hostname"] is not null)
            {
                // https://github.com/labd/ecs-deplojo/issues/26
                throw EcsErrors.Client("hostname is not supported on container when networkMode=awsvpc.");
            }
        }

        if (fargate)
        {
            if (networkMode != "awsvpc")
            {
                // https://github.com/aws/amazon-ecs-cli/issues/1145 (ECS quotes the mode with typographic quotes)
                throw EcsErrors.Client("Fargate only supports network mode \u2018awsvpc\u2019.");
            }

            if (cpu is null)
            {
                // Fact sheet §6.2
                throw EcsErrors.Client("Fargate requires that 'cpu' be defined at the task level.");
            }

            if (memory is null)
            {
                // https://github.com/aws/amazon-ecs-cli/issues/982
                throw EcsErrors.Client("Fargate requires that 'memory' be defined at the task level.");
            }

            if (!FargateSizes.TryGetValue(cpu.Value, out var allowed) || !allowed.Contains(memory.Value))
            {
                // https://github.com/aws-games/cloud-game-development-toolkit/issues/737
                throw EcsErrors.Client($"No Fargate configuration exists for given values: {cpu} CPU, {memory} memory. See the Amazon ECS documentation for the valid values.");
            }

            if (input["ipcMode"] is not null)
            {
                // https://github.com/cn-terraform/terraform-aws-ecs-fargate/issues/2
                throw EcsErrors.Client("Tasks using the Fargate launch type do not support ipcMode.");
            }

            if (executionRole is null)
            {
                if (containers.Any(c => c["logConfiguration"]?["logDriver"]?.GetValue<string>() == "awslogs"))
                {
                    // Fact sheet §6.2
                    throw EcsErrors.Client("Fargate requires task definition to have execution role ARN to support log driver awslogs.");
                }

                if (containers.Any(c => IsEcrImage(c["image"]!.GetValue<string>())))
                {
                    // Fact sheet §6.2
                    throw EcsErrors.Client("Fargate requires task definition to have execution role ARN to support ECR images.");
                }
            }
        }

        if (executionRole is null && containers.Any(c => c["secrets"] is JsonArray { Count: > 0 }))
        {
            // Fact sheet §6.2
            throw EcsErrors.Client("When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.");
        }
    }

    /// <summary>Whether <c>requiresCompatibilities</c> lists <paramref name="launchType"/>.</summary>
    public static bool Requires(JsonObject definition, string launchType) =>
        definition["requiresCompatibilities"] is JsonArray list && list.Any(l => l?.GetValue<string>() == launchType);

    /// <summary>An Amazon ECR image: <c>ACCOUNT.dkr.ecr.REGION.amazonaws.com/…</c>.</summary>
    public static bool IsEcrImage(string image)
    {
        var host = image.Split('/')[0];
        return host.Contains(".dkr.ecr.", StringComparison.Ordinal) && host.EndsWith(".amazonaws.com", StringComparison.Ordinal);
    }

    /// <summary>
    /// The launch types a revision can run on: EC2 always; FARGATE when it is awsvpc with a valid Fargate size;
    /// EXTERNAL when it is not awsvpc.
    /// </summary>
    public static JsonArray Compatibilities(JsonObject definition)
    {
        var result = new JsonArray("EC2");
        var awsvpc = definition["networkMode"]?.GetValue<string>() == "awsvpc";
        var cpu = Cpu(definition["cpu"]?.GetValue<string>());
        var memory = Memory(definition["memory"]?.GetValue<string>());
        if (awsvpc && cpu is not null && memory is not null && FargateSizes.TryGetValue(cpu.Value, out var allowed) && allowed.Contains(memory.Value))
        {
            result.Add((JsonNode)("FARGATE"));
        }

        if (!awsvpc)
        {
            result.Add((JsonNode)("EXTERNAL"));
        }

        return result;
    }

    /// <summary>
    /// The agent capabilities the revision needs (<c>requiresAttributes</c>), as ECS derives them from the features it
    /// uses. A task is placed only on an instance that has all of them (see <see cref="PlacementAttributes"/>).
    /// </summary>
    public static List<string> RequiredAttributes(JsonObject definition)
    {
        var result = new List<string>();
        void Add(string name)
        {
            if (!result.Contains(name))
            {
                result.Add(name);
            }
        }

        var executionRole = definition["executionRoleArn"] is not null;
        if (definition["taskRoleArn"] is not null)
        {
            Add("com.amazonaws.ecs.capability.task-iam-role");
        }

        if (definition["networkMode"]?.GetValue<string>() == "awsvpc")
        {
            Add("ecs.capability.task-eni");
        }

        foreach (var container in definition["containerDefinitions"]!.AsArray().OfType<JsonObject>())
        {
            if (IsEcrImage(container["image"]!.GetValue<string>()))
            {
                Add("com.amazonaws.ecs.capability.ecr-auth");
                if (executionRole)
                {
                    Add("ecs.capability.execution-role-ecr-pull");
                }
            }

            if (container["repositoryCredentials"] is not null)
            {
                Add("ecs.capability.private-registry-authentication.secretsmanager");
            }

            foreach (var secret in container["secrets"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                Add(IsSecretsManager(secret) ? "ecs.capability.secrets.asm.environment-variables" : "ecs.capability.secrets.ssm.environment-variables");
            }

            if (container["environmentFiles"] is JsonArray { Count: > 0 })
            {
                Add("ecs.capability.env-files.s3");
            }

            if (container["logConfiguration"] is JsonObject log)
            {
                var driver = log["logDriver"]?.GetValue<string>();
                if (driver is not null)
                {
                    Add($"com.amazonaws.ecs.capability.logging-driver.{driver}");
                }

                if (driver == "awslogs" && executionRole)
                {
                    Add("ecs.capability.execution-role-awslogs");
                }

                foreach (var secret in log["secretOptions"]?.AsArray().OfType<JsonObject>() ?? [])
                {
                    Add(IsSecretsManager(secret) ? "ecs.capability.secrets.asm.bootstrap.log-driver" : "ecs.capability.secrets.ssm.bootstrap.log-driver");
                }
            }

            if (container["firelensConfiguration"]?["options"]?["config-file-type"]?.GetValue<string>() == "s3")
            {
                Add("ecs.capability.firelens.options.config.s3");
            }
        }

        return result;
    }

    /// <summary>
    /// The required attributes placement checks. <c>ecs.capability.execution-role-awslogs</c> is not among them: without
    /// it the backend leaves awslogs to the instance role (fact sheet §2(b)) rather than refusing the instance.
    /// </summary>
    public static IEnumerable<string> PlacementAttributes(JsonObject definition) =>
        definition["requiresAttributes"]?.AsArray().OfType<JsonObject>()
            .Select(a => a["name"]!.GetValue<string>())
            .Where(n => n != "ecs.capability.execution-role-awslogs") ?? [];

    private static bool IsSecretsManager(JsonObject secret) =>
        secret["valueFrom"]?.GetValue<string>()?.StartsWith("arn:aws:secretsmanager:", StringComparison.Ordinal) == true;
}
