using System.Text.Json.Nodes;
using Stevedore.Advisor;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Parsing;

namespace Stevedore.Cli.Templates;

/// <summary>One <c>AWS::ECS::TaskDefinition</c> of a template: its properties in <c>RegisterTaskDefinition</c> shape, and its execution role when the template defines it.</summary>
/// <param name="Json">The task definition in <c>RegisterTaskDefinition</c> input shape (camelCase).</param>
/// <param name="Locator">Paths of <paramref name="Json"/> located in the template.</param>
/// <param name="Role">The role from the template, or null when the execution role is not one of its resources.</param>
internal sealed record TemplateTask(string LogicalId, string Json, ISourceLocator Locator, RoleUnderTest? Role, IReadOnlyDictionary<string, PolicySource> Policies);

/// <summary>
/// Finds the task definitions of a template and the <c>AWS::IAM::Role</c> each one's <c>ExecutionRoleArn</c> refers to,
/// with the role's <c>AssumeRolePolicyDocument</c>, <c>Policies</c>, <c>ManagedPolicyArns</c> (AWS-managed from the
/// catalog, customer managed from the template's <c>AWS::IAM::ManagedPolicy</c>), <c>PermissionsBoundary</c>, and the
/// <c>AWS::IAM::Policy</c>/<c>ManagedPolicy</c>/<c>RolePolicy</c> resources attached to it by <c>Roles</c>/<c>RoleName</c>.
/// </summary>
// Property names: https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-taskdefinition.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-iam-role.html
internal static class TemplateTasks
{
    // Members whose keys are the user's (string maps), kept as written.
    private static readonly HashSet<string> UserKeyed = new(StringComparer.Ordinal) { "Options", "DockerLabels", "DriverOpts", "Labels" };

    // Members of the API that are booleans or integers; every other scalar is text (CloudFormation converts to the property's type).
    private static readonly HashSet<string> Booleans = new(StringComparer.Ordinal)
    {
        "essential", "privileged", "readonlyRootFilesystem", "disableNetworking", "interactive", "pseudoTerminal", "initProcessEnabled", "readOnly", "autoprovision",
    };

    private static readonly HashSet<string> Integers = new(StringComparer.Ordinal)
    {
        "memory", "memoryReservation", "containerPort", "hostPort", "startTimeout", "stopTimeout", "sizeInGiB", "softLimit", "hardLimit",
        "interval", "timeout", "retries", "startPeriod", "sharedMemorySize", "maxSwap", "swappiness", "transitEncryptionPort",
    };

    public static List<TemplateTask> Read(TemplateSource template, TemplateResolver resolver)
    {
        var tasks = new List<TemplateTask>();
        foreach (var (logicalId, resource) in resolver.Resources)
        {
            if (TemplateResolver.TypeOf(resource) != "AWS::ECS::TaskDefinition" || !resolver.Exists(logicalId))
            {
                continue;
            }

            var propertiesPath = $"$.Resources.{logicalId}.Properties";
            var properties = resolver.Resolve(TemplateResolver.Properties(resource), propertiesPath) as JsonObject ?? [];
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            var json = Convert(properties, "$", propertiesPath, userKeyed: false, map, member: null);
            var locator = new MappedLocator(template.Locator, path => map.GetValueOrDefault(path));
            var policies = new Dictionary<string, PolicySource>(StringComparer.Ordinal);
            RoleUnderTest? role = null;
            if (properties["ExecutionRoleArn"] is JsonValue arn && RoleOf(resolver, TemplateResolver.Text(arn)) is { } roleId)
            {
                role = Role(template, resolver, roleId, policies);
            }

            tasks.Add(new TemplateTask(logicalId, json!.ToJsonString(), locator, role, policies));
        }

        if (tasks.Count == 0)
        {
            throw new CliException($"{template.Path}: $.Resources: no AWS::ECS::TaskDefinition in this template");
        }

        return tasks;
    }

    private static string? RoleOf(TemplateResolver resolver, string arn)
    {
        foreach (var (logicalId, resource) in resolver.Resources)
        {
            if (TemplateResolver.TypeOf(resource) == "AWS::IAM::Role" && resource is JsonObject role && resolver.Exists(logicalId)
                && TemplateResources.RoleArn(resolver, logicalId, role) == arn)
            {
                return logicalId;
            }
        }

        return null;
    }

    private static RoleUnderTest Role(TemplateSource template, TemplateResolver resolver, string roleId, Dictionary<string, PolicySource> sources)
    {
        var resource = (JsonObject)resolver.Resources[roleId]!;
        var at = $"$.Resources.{roleId}.Properties";
        var properties = TemplateResolver.Properties(resource);
        var roleName = TemplateResources.Ref(resolver, roleId, resource);

        CompiledPolicy Compile(JsonNode? document, string path, string id, PolicyType type)
        {
            var resolved = resolver.Resolve(document, path);
            var text = resolved is JsonValue s && s.TryGetValue<string>(out var inline) ? inline : resolved?.ToJsonString() ?? "null";
            var result = PolicyParser.Parse(text, type);
            if (!result.Success)
            {
                throw template.Error(path, $"{PolicyTypeNamesCli.Name(type)} policy: {result.FirstError}");
            }

            sources[id] = new PolicySource(template.Path, new Lazy<ISourceLocator>(() => MappedLocator.Under(template.Locator, path)));
            return PolicyCompiler.Compile(result.Document!, type, id);
        }

        CompiledPolicy ByArn(string arn, string path, PolicyType type)
        {
            if (ManagedPolicyCatalog.TryGetDocument(arn, out var managed))
            {
                return PolicyCompiler.Compile(managed, type, arn);
            }

            foreach (var (id, candidate) in resolver.Resources)
            {
                if (TemplateResolver.TypeOf(candidate) == "AWS::IAM::ManagedPolicy" && candidate is JsonObject policy
                    && TemplateResources.ManagedPolicyArn(resolver, id, policy) == arn)
                {
                    return Compile(TemplateResolver.Properties(policy)["PolicyDocument"], $"$.Resources.{id}.Properties.PolicyDocument", id, type);
                }
            }

            throw template.Error(path, $"{arn} is neither an AWS-managed policy Stevedore knows nor an AWS::IAM::ManagedPolicy of this template");
        }

        var trust = properties["AssumeRolePolicyDocument"] is { } trustDocument
            ? Compile(trustDocument, $"{at}.AssumeRolePolicyDocument", $"{roleId}/trust", PolicyType.Trust)
            : throw template.Error(at, "an AWS::IAM::Role needs an AssumeRolePolicyDocument");
        var identity = new List<CompiledPolicy>();
        if (resolver.Resolve(properties["ManagedPolicyArns"], $"{at}.ManagedPolicyArns") is JsonArray arns)
        {
            for (var i = 0; i < arns.Count; i++)
            {
                identity.Add(ByArn(arns[i]?.ToString() ?? "", $"{at}.ManagedPolicyArns[{i}]", PolicyType.Identity));
            }
        }

        if (properties["Policies"] is JsonArray inline)
        {
            for (var i = 0; i < inline.Count; i++)
            {
                var name = resolver.Resolve(inline[i]?["PolicyName"], $"{at}.Policies[{i}].PolicyName")?.ToString() ?? $"Policies[{i}]";
                identity.Add(Compile(inline[i]?["PolicyDocument"], $"{at}.Policies[{i}].PolicyDocument", $"{roleId}/{name}", PolicyType.Identity));
            }
        }

        foreach (var (id, candidate) in resolver.Resources)
        {
            var type = TemplateResolver.TypeOf(candidate);
            if (type is not ("AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy" or "AWS::IAM::RolePolicy") || !resolver.Exists(id))
            {
                continue;
            }

            var props = TemplateResolver.Properties(candidate);
            var attached = type == "AWS::IAM::RolePolicy"
                ? resolver.Resolve(props["RoleName"], $"$.Resources.{id}.Properties.RoleName")?.ToString() == roleName
                : resolver.Resolve(props["Roles"], $"$.Resources.{id}.Properties.Roles") is JsonArray roles && roles.Any(r => r?.ToString() == roleName);
            if (attached)
            {
                identity.Add(Compile(props["PolicyDocument"], $"$.Resources.{id}.Properties.PolicyDocument", id, PolicyType.Identity));
            }
        }

        var boundary = properties["PermissionsBoundary"] is { } b
            ? ByArn(resolver.ResolveString(b, $"{at}.PermissionsBoundary"), $"{at}.PermissionsBoundary", PolicyType.PermissionsBoundary)
            : null;
        return new RoleUnderTest(trust, identity, boundary);
    }

    /// <summary>CloudFormation's PascalCase properties → the API's camelCase members, recording API path → template path.</summary>
    private static JsonNode? Convert(JsonNode? node, string apiPath, string templatePath, bool userKeyed, Dictionary<string, string> map, string? member)
    {
        map[apiPath] = templatePath;
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, child) in obj)
                {
                    var name = userKeyed ? key : ApiName(key);
                    result[name] = Convert(child, CheckJsonLocator.Member(apiPath, name), CheckJsonLocator.Member(templatePath, key), !userKeyed && UserKeyed.Contains(key), map, userKeyed ? null : name);
                }

                return result;
            case JsonArray array:
                return new JsonArray([.. array.Select((item, i) => Convert(item, $"{apiPath}[{i}]", $"{templatePath}[{i}]", false, map, member))]);
            case JsonValue value:
                var text = TemplateResolver.Text(value);
                return member is not null && Booleans.Contains(member) && bool.TryParse(text, out var flag) ? JsonValue.Create(flag)
                    : member is not null && Integers.Contains(member) && long.TryParse(text, out var number) ? JsonValue.Create(number)
                    : JsonValue.Create(text);
            default:
                return null;
        }
    }

    private static string ApiName(string property) => property switch
    {
        "EFSVolumeConfiguration" => "efsVolumeConfiguration",
        "FSxWindowsFileServerVolumeConfiguration" => "fsxWindowsFileServerVolumeConfiguration",
        "ProxyConfigurationProperties" => "properties",
        "" => "",
        _ => char.ToLowerInvariant(property[0]) + property[1..],
    };
}
