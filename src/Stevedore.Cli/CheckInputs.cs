using Stevedore.Advisor;
using Stevedore.Cli.Templates;
using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;
using Stevedore.LaunchPlan.Planning;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Parsing;
using ParseResult = System.CommandLine.ParseResult;

namespace Stevedore.Cli;

/// <summary>Where a policy was read from: a file, and how to locate its JSON paths there (built on first use).</summary>
internal sealed record PolicySource(string File, Lazy<ISourceLocator> Locator);

/// <summary>One task definition, read and planned: a file, or one <c>AWS::ECS::TaskDefinition</c> of a template.</summary>
/// <param name="Locator">The task definition's JSON paths located in <paramref name="Path"/>.</param>
/// <param name="Policies">Policy id (as compiled) → where it was read from; AWS-managed policies have none.</param>
internal sealed record CheckedFile(string Path, TaskLaunchPlan Plan, TaskReport Report, Lazy<ISourceLocator> Locator, IReadOnlyDictionary<string, PolicySource> Policies);

/// <summary>
/// Reads every input of <c>check</c>/<c>policy generate</c> and runs the advisor; any malformed input is a
/// <see cref="CliException"/> naming the file and JSON path (exit code 2).
/// </summary>
internal sealed class CheckInputs
{
    /// <summary>The task id of the simulated launch: the role session's name (a policy sees <c>*</c> in its place).</summary>
    public const string TaskId = "0123456789abcdef0123456789abcdef";

    public required IReadOnlyList<CheckedFile> Files { get; init; }

    public static CheckInputs Load(ParseResult parse, CheckOptions options)
    {
        if (parse.GetValue(options.Role) is not null && (parse.GetValue(options.TrustPolicy) is not null || parse.GetValue(options.Policies) is { Length: > 0 } || parse.GetValue(options.Boundary) is not null))
        {
            throw new CliException("--role reads the role from the endpoint: give it or --trust-policy/--policy/--boundary, not both");
        }

        if (parse.GetValue(options.InstanceRole) is not null && parse.GetValue(options.InstanceRolePolicies) is { Length: > 0 })
        {
            throw new CliException("--instance-role reads the instance role from the endpoint: give it or --instance-role-policy, not both");
        }

        var policyFiles = new Dictionary<string, PolicySource>(StringComparer.Ordinal);
        var trust = parse.GetValue(options.TrustPolicy) is { } trustPath ? Compile(trustPath, PolicyType.Trust, policyFiles) : null;
        var identity = (parse.GetValue(options.Policies) ?? []).Select(p => Compile(p, PolicyType.Identity, policyFiles)).ToList();
        var boundary = parse.GetValue(options.Boundary) is { } boundaryPath ? Compile(boundaryPath, PolicyType.PermissionsBoundary, policyFiles) : null;
        var fromFiles = trust is not null || identity.Count > 0 || boundary is not null;
        var kmsKeys = Pairs(parse.GetValue(options.KmsKeys), "--kms-key", "SECRET=KEY_ARN");
        var parameters = Pairs(parse.GetValue(options.Parameters), "--parameter", "NAME=VALUE");
        var imports = Pairs(parse.GetValue(options.Imports), "--import", "NAME=VALUE");

        var instancePolicies = (parse.GetValue(options.InstanceRolePolicies) ?? []).Select(p => Compile(p, PolicyType.Identity, policyFiles)).ToList();
        var instanceId = parse.GetValue(options.InstanceId) ?? AdvisorOptions.DefaultInstanceId;
        var endpoint = Endpoint.Open(parse, options);
        var instanceRole = endpoint?.InstanceRole ?? (instancePolicies.Count > 0 ? new RoleUnderTest(null, instancePolicies) : null);
        var instanceRoleArn = parse.GetValue(options.InstanceRoleArn) ?? endpoint?.InstanceRoleArn;
        var role = endpoint?.Role ?? new RoleUnderTest(trust, identity, boundary);
        var roleOf = endpoint is { Role: null } && !fromFiles ? endpoint.RoleOf : (Func<TaskDefinition, RoleUnderTest>)(_ => role);
        AdvisorOptions AdvisorOptionsFor(TaskDefinition definition, LaunchContext context)
        {
            if (endpoint is null)
            {
                return new AdvisorOptions { KmsKeys = kmsKeys, InstanceRole = instanceRole, InstanceId = instanceId };
            }

            var keys = new Dictionary<string, string>(kmsKeys, StringComparer.Ordinal);
            EndpointKmsKeys.Add(endpoint.Client, definition, context.Region, keys);
            var missingGroups = new HashSet<string>(StringComparer.Ordinal);
            EndpointLogGroups.Add(endpoint.Client, definition, context.Region, context.Account, missingGroups);
            return new AdvisorOptions { KmsKeys = keys, MissingLogGroups = missingGroups, InstanceRole = instanceRole, InstanceId = instanceId };
        }

        var files = new List<CheckedFile>();
        var paths = Expand(parse.GetValue(options.Paths) ?? []).ToList();
        var registered = endpoint?.FromEndpoint == true ? EndpointTaskDefinitions.Read(endpoint.Client) : [];
        if (paths.Count == 0 && endpoint?.FromEndpoint != true)
        {
            throw new CliException("give task definition files, CloudFormation templates or folders to check, or --from-endpoint URL");
        }

        using var progress = CheckProgress.Start(parse.InvocationConfiguration.Error, paths.Count + registered.Count);
        foreach (var path in paths)
        {
            var text = global::Stevedore.Cli.PolicyFiles.Read(path);
            if (TemplateSource.IsTemplate(path, text))
            {
                var template = TemplateSource.Read(path, text);
                var resolver = new TemplateResolver(template, parameters, parse.GetValue(options.Account) ?? "000000000000", parse.GetValue(options.Region) ?? "us-east-1", imports);
                foreach (var task in TemplateTasks.Read(template, resolver))
                {
                    var locator = new Lazy<ISourceLocator>(task.Locator);
                    var definition = Parse(task.Json, path, () => locator.Value);
                    var context = Context(parse, options, definition, path, null, instanceRoleArn, instanceRole is not null);
                    var plan = LaunchPlanner.Build(definition, context);
                    var taskRole = task.Role ?? roleOf(definition);
                    var sources = task.Role is null ? policyFiles : task.Policies;
                    files.Add(new CheckedFile(path, plan, TaskAdvisor.Check(plan, taskRole, AdvisorOptionsFor(definition, context)), locator, sources));
                }
            }
            else
            {
                files.Add(CheckText(parse, options, path, text, null, roleOf, AdvisorOptionsFor, policyFiles, instanceRoleArn, instanceRole is not null));
            }

            progress.Advance();
        }

        foreach (var registration in registered)
        {
            files.Add(CheckText(parse, options, registration.Arn, registration.Json, endpoint!.Client.Region, roleOf, AdvisorOptionsFor, policyFiles, instanceRoleArn, instanceRole is not null));
            progress.Advance();
        }

        return new CheckInputs { Files = files };
    }

    /// <summary>One task definition document (a file, or one read from the endpoint: <paramref name="path"/> is then its ARN).</summary>
    private static CheckedFile CheckText(ParseResult parse, CheckOptions options, string path, string text, string? region,
        Func<TaskDefinition, RoleUnderTest> roleOf, Func<TaskDefinition, LaunchContext, AdvisorOptions> advisorOptions, Dictionary<string, PolicySource> policyFiles,
        string? instanceRoleArn, bool instanceRoleKnown)
    {
        var locator = new Lazy<ISourceLocator>(() => CheckJsonLocator.Index(text));
        var definition = Parse(text, path, () => locator.Value);
        var context = Context(parse, options, definition, path, region, instanceRoleArn, instanceRoleKnown);
        var plan = LaunchPlanner.Build(definition, context);
        return new CheckedFile(path, plan, TaskAdvisor.Check(plan, roleOf(definition), advisorOptions(definition, context)), locator, policyFiles);
    }

    private static TaskDefinition Parse(string json, string path, Func<ISourceLocator> locator)
    {
        try
        {
            return TaskDefinitionParser.Parse(json);
        }
        catch (TaskDefinitionFormatException e)
        {
            var at = e.JsonPath != "$" && locator().Find(e.JsonPath) is { } p ? $":{p.Line}:{p.Column}" : "";
            throw new CliException($"{path}{at}: {e.JsonPath}: {e.Problem}");
        }
    }

    private static CompiledPolicy Compile(string source, PolicyType type, Dictionary<string, PolicySource> files)
    {
        if (ManagedPolicyCatalog.IsManagedPolicyArn(source))
        {
            if (!ManagedPolicyCatalog.TryGetDocument(source, out var document))
            {
                throw new CliException($"{source}: not an AWS-managed policy Stevedore knows (known: {string.Join(", ", ManagedPolicyCatalog.Arns.Order(StringComparer.Ordinal))})");
            }

            return PolicyCompiler.Compile(document, type == PolicyType.PermissionsBoundary ? PolicyType.PermissionsBoundary : PolicyType.Identity, source);
        }

        var text = global::Stevedore.Cli.PolicyFiles.Read(source);
        var result = PolicyParser.Parse(text, type);
        if (!result.Success)
        {
            var error = result.FirstError!;
            throw new CliException($"{source} ({PolicyTypeNamesCli.Name(type)} policy): {error}");
        }

        var id = Path.GetFileName(source);
        for (var n = 2; files.ContainsKey(id); n++)
        {
            id = $"{Path.GetFileName(source)}#{n}";
        }

        files[id] = new PolicySource(source, new Lazy<ISourceLocator>(() => CheckJsonLocator.Index(text)));
        return PolicyCompiler.Compile(result.Document!, type, id);
    }

    private static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || TemplateSource.IsYaml(f))
                    .Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    throw new CliException($"{path}: no task definitions or templates (*.json, *.yaml, *.yml) in this folder");
                }

                foreach (var file in found)
                {
                    yield return file;
                }
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                throw new CliException($"cannot read {path}: no such file or folder");
            }
        }
    }

    /// <param name="region">The region the definition was read from (an endpoint's), when not a file.</param>
    /// <param name="instanceRoleArn">The container instance role's ARN when given (<c>--instance-role-arn</c>, <c>--instance-role</c>).</param>
    /// <param name="instanceRoleKnown">Whether its policies are given: the ARN then defaults to <c>ecsInstanceRole</c> in the task's account.</param>
    private static LaunchContext Context(ParseResult parse, CheckOptions options, TaskDefinition definition, string path, string? region,
        string? instanceRoleArn, bool instanceRoleKnown)
    {
        var roleAccount = definition.ExecutionRoleArn?.Value.Split(':') is { Length: 6 } parts && parts[4].Length == 12 ? parts[4] : null;
        region = parse.GetValue(options.Region) ?? region ?? "us-east-1";
        var endpoints = Pairs(parse.GetValue(options.VpcEndpoints), "--vpc-endpoint", "SERVICE=vpce-…")
            .Select(e => new VpcEndpoint(e.Key, e.Value, e.Key == "s3" ? VpcEndpointKind.Gateway : VpcEndpointKind.Interface))
            .ToList();
        var vpc = parse.GetValue(options.SourceVpc);
        var account = parse.GetValue(options.Account) ?? roleAccount ?? "000000000000";
        if (instanceRoleArn is null && instanceRoleKnown)
        {
            instanceRoleArn = $"arn:{Partitions.Of(region)}:iam::{account}:role/{AdvisorOptions.DefaultInstanceRoleName}";
        }

        return new LaunchContext
        {
            InstanceRoleArn = instanceRoleArn,
            LaunchType = LaunchTypeOf(parse.GetValue(options.LaunchType), definition, path),
            PlatformVersion = parse.GetValue(options.PlatformVersion),
            AgentVersion = parse.GetValue(options.AgentVersion),
            AgentConfiguration = Pairs(parse.GetValue(options.AgentConfig), "--agent-config", "NAME=VALUE"),
            Account = account,
            Region = region,
            TaskId = TaskId,
            Network = vpc is null && endpoints.Count == 0 ? null : new LaunchNetwork(vpc ?? "vpc-00000000000000000", endpoints),
        };
    }

    private static LaunchType LaunchTypeOf(string? option, TaskDefinition definition, string path)
    {
        var text = option ?? (definition.RequiresCompatibilities.Contains("FARGATE") ? "FARGATE"
            : definition.RequiresCompatibilities.Count > 0 && definition.RequiresCompatibilities.All(c => c == "EXTERNAL") ? "EXTERNAL"
            : "EC2");
        return text.ToUpperInvariant() switch
        {
            "FARGATE" => LaunchType.Fargate,
            "EC2" => LaunchType.Ec2,
            "EXTERNAL" => LaunchType.External,
            _ => throw new CliException($"--launch-type must be FARGATE, EC2 or EXTERNAL, got \"{text}\" (for {path})"),
        };
    }

    internal static Dictionary<string, string> Pairs(string[]? items, string option, string shape)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var equals = item.IndexOf('=');
            if (equals <= 0 || equals == item.Length - 1)
            {
                throw new CliException($"{option} expects {shape}, got \"{item}\"");
            }

            map[item[..equals]] = item[(equals + 1)..];
        }

        return map;
    }
}
