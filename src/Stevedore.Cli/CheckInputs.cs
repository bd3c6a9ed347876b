using Stevedore.Advisor;
using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;
using Stevedore.LaunchPlan.Planning;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Parsing;
using ParseResult = System.CommandLine.ParseResult;

namespace Stevedore.Cli;

/// <summary>One task definition file, read and planned.</summary>
internal sealed record CheckedFile(string Path, string Text, TaskLaunchPlan Plan, TaskReport Report)
{
    private CheckJsonLocator? _locator;

    public CheckJsonLocator Locator => _locator ??= CheckJsonLocator.Index(Text);
}

/// <summary>
/// Reads every input of <c>check</c>/<c>policy generate</c> and runs the advisor; any malformed input is a
/// <see cref="CliException"/> naming the file and JSON path (exit code 2).
/// </summary>
internal sealed class CheckInputs
{
    /// <summary>The task id of the simulated launch: the role session's name (a policy sees <c>*</c> in its place).</summary>
    public const string TaskId = "0123456789abcdef0123456789abcdef";

    public required IReadOnlyList<CheckedFile> Files { get; init; }

    public required RoleUnderTest Role { get; init; }

    /// <summary>Policy id (as compiled) → the file it was read from; managed policies have none.</summary>
    public required IReadOnlyDictionary<string, string> PolicyFiles { get; init; }

    public static CheckInputs Load(ParseResult parse, CheckOptions options)
    {
        var policyFiles = new Dictionary<string, string>(StringComparer.Ordinal);
        var trust = parse.GetValue(options.TrustPolicy) is { } trustPath ? Compile(trustPath, PolicyType.Trust, policyFiles) : null;
        var identity = (parse.GetValue(options.Policies) ?? []).Select(p => Compile(p, PolicyType.Identity, policyFiles)).ToList();
        var boundary = parse.GetValue(options.Boundary) is { } boundaryPath ? Compile(boundaryPath, PolicyType.PermissionsBoundary, policyFiles) : null;
        var role = new RoleUnderTest(trust, identity, boundary);
        var advisorOptions = new AdvisorOptions { KmsKeys = Pairs(parse.GetValue(options.KmsKeys), "--kms-key", "SECRET=KEY_ARN") };

        var files = new List<CheckedFile>();
        foreach (var path in Expand(parse.GetValue(options.Paths) ?? []))
        {
            var text = global::Stevedore.Cli.PolicyFiles.Read(path);
            TaskDefinition definition;
            try
            {
                definition = TaskDefinitionParser.Parse(text);
            }
            catch (TaskDefinitionFormatException e)
            {
                var at = CheckJsonLocator.Index(text).Find(e.JsonPath) is { } p && e.JsonPath != "$" ? $":{p.Line}:{p.Column}" : "";
                throw new CliException($"{path}{at}: {e.JsonPath}: {e.Problem}");
            }

            var context = Context(parse, options, definition, path);
            var plan = LaunchPlanner.Build(definition, context);
            files.Add(new CheckedFile(path, text, plan, TaskAdvisor.Check(plan, role, advisorOptions)));
        }

        return new CheckInputs { Files = files, Role = role, PolicyFiles = policyFiles };
    }

    private static CompiledPolicy Compile(string source, PolicyType type, Dictionary<string, string> files)
    {
        if (ManagedPolicyCatalog.IsManagedPolicyArn(source))
        {
            if (!ManagedPolicyCatalog.TryGetDocument(source, out var document))
            {
                throw new CliException($"{source}: not an AWS-managed policy Stevedore knows (known: {string.Join(", ", ManagedPolicyCatalog.Arns.Order(StringComparer.Ordinal))})");
            }

            return PolicyCompiler.Compile(document, type == PolicyType.PermissionsBoundary ? PolicyType.PermissionsBoundary : PolicyType.Identity, source);
        }

        var result = PolicyParser.Parse(global::Stevedore.Cli.PolicyFiles.Read(source), type);
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

        files[id] = source;
        return PolicyCompiler.Compile(result.Document!, type, id);
    }

    private static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                {
                    throw new CliException($"{path}: no *.json task definitions in this folder");
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

    private static LaunchContext Context(ParseResult parse, CheckOptions options, TaskDefinition definition, string path)
    {
        var roleAccount = definition.ExecutionRoleArn?.Value.Split(':') is { Length: 6 } parts && parts[4].Length == 12 ? parts[4] : null;
        var region = parse.GetValue(options.Region) ?? "us-east-1";
        var endpoints = Pairs(parse.GetValue(options.VpcEndpoints), "--vpc-endpoint", "SERVICE=vpce-…")
            .Select(e => new VpcEndpoint(e.Key, e.Value, e.Key == "s3" ? VpcEndpointKind.Gateway : VpcEndpointKind.Interface))
            .ToList();
        var vpc = parse.GetValue(options.SourceVpc);
        return new LaunchContext
        {
            LaunchType = LaunchTypeOf(parse.GetValue(options.LaunchType), definition, path),
            PlatformVersion = parse.GetValue(options.PlatformVersion),
            AgentVersion = parse.GetValue(options.AgentVersion),
            AgentConfiguration = Pairs(parse.GetValue(options.AgentConfig), "--agent-config", "NAME=VALUE"),
            Account = parse.GetValue(options.Account) ?? roleAccount ?? "000000000000",
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

    private static Dictionary<string, string> Pairs(string[]? items, string option, string shape)
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
