using System.Globalization;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Ecs;

/// <summary>Task definitions: families, revisions, ACTIVE/INACTIVE.</summary>
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_RegisterTaskDefinition.html and the other task definition operations
public sealed partial class EcsService
{
    /// <summary>The request members a revision keeps as given (everything RegisterTaskDefinition accepts but tags).</summary>
    private static readonly string[] DefinitionMembers =
    [
        "family", "taskRoleArn", "executionRoleArn", "networkMode", "containerDefinitions", "volumes", "placementConstraints",
        "requiresCompatibilities", "cpu", "memory", "pidMode", "ipcMode", "proxyConfiguration", "inferenceAccelerators",
        "ephemeralStorage", "runtimePlatform", "enableFaultInjection",
    ];

    partial void RegisterTaskDefinitions()
    {
        Register("RegisterTaskDefinition", RegisterTaskDefinitionTarget, RegisterTaskDefinition);
        Register("DescribeTaskDefinition", c => new AuthorizationTarget(Action(c), "*"), DescribeTaskDefinition);
        Register("ListTaskDefinitions", c => new AuthorizationTarget(Action(c), "*"), ListTaskDefinitions);
        Register("ListTaskDefinitionFamilies", c => new AuthorizationTarget(Action(c), "*"), ListTaskDefinitionFamilies);
        Register("DeregisterTaskDefinition", c => new AuthorizationTarget(Action(c), "*"), DeregisterTaskDefinition);
    }

    /// <summary>
    /// The family's revisions (<c>task-definition/FAMILY:*</c>: the revision number is not known before it is created),
    /// with <c>ecs:task-cpu</c>, <c>ecs:task-memory</c>, <c>ecs:compute-compatibility</c>, <c>ecs:privileged</c> and the
    /// request's tags.
    /// </summary>
    private AuthorizationTarget RegisterTaskDefinitionTarget(OperationContext context)
    {
        var family = context.String("family") ?? "";
        var target = new AuthorizationTarget(Action(context), $"arn:aws:ecs:{context.Region}:{context.AccountId}:task-definition/{family}:*");
        if (context.String("cpu") is { } cpu && int.TryParse(cpu, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            target = target.With("ecs:task-cpu", cpu);
        }

        if (context.String("memory") is { } memory && int.TryParse(memory, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            target = target.With("ecs:task-memory", memory);
        }

        if (context.Input["requiresCompatibilities"] is JsonArray { Count: > 0 } compatibilities)
        {
            target = target.WithMulti("ecs:compute-compatibility", [.. compatibilities.Select(c => c!.GetValue<string>())]);
        }

        var privileged = context.Input["containerDefinitions"] is JsonArray containers
            && containers.Any(c => c?["privileged"] is JsonValue v && v.TryGetValue<bool>(out var p) && p);
        target = target.With("ecs:privileged", privileged ? "true" : "false");
        return WithRequestTags(target, context.Input["tags"]);
    }

    private JsonObject RegisterTaskDefinition(OperationContext context)
    {
        TaskDefinitionRules.Validate(context.Input);
        var tags = RequestTags(context.Input["tags"]);
        var family = context.RequiredString("family");
        var definition = new JsonObject();
        foreach (var member in DefinitionMembers)
        {
            if (context.Input[member] is { } value)
            {
                definition[member] = value.DeepClone();
            }
        }

        foreach (var container in definition["containerDefinitions"]!.AsArray().OfType<JsonObject>())
        {
            // ECS fills these in on every container definition it returns.
            container["cpu"] ??= 0;
            container["essential"] ??= true;
            container["portMappings"] ??= new JsonArray();
            container["environment"] ??= new JsonArray();
            container["mountPoints"] ??= new JsonArray();
            container["volumesFrom"] ??= new JsonArray();
        }

        definition["volumes"] ??= new JsonArray();
        definition["placementConstraints"] ??= new JsonArray();
        definition["status"] = "ACTIVE";
        definition["requiresAttributes"] = Array(TaskDefinitionRules.RequiredAttributes(definition).Select(n => (JsonNode?)new JsonObject { ["name"] = n }));
        definition["compatibilities"] = TaskDefinitionRules.Compatibilities(definition);
        definition["registeredAt"] = context.Now.ToString("O", CultureInfo.InvariantCulture);
        definition["registeredBy"] = context.Caller.Principal.Arn;
        definition["tags"] = tags;

        var stored = context.Store.Write(tx =>
        {
            var revision = tx.NextSequenceValue(EcsStore.RevisionSequence(context.AccountId, context.Region, family));
            var copy = definition.DeepClone().AsObject();
            copy["taskDefinitionArn"] = TaskDefinitionArn(context.Region, context.AccountId, family, revision);
            copy["revision"] = revision;
            EcsStore.Put(tx, EcsStore.TaskDefinitionKey(context.AccountId, context.Region, family, revision), copy);
            return copy;
        });
        return new JsonObject { ["taskDefinition"] = WithoutTags(stored), ["tags"] = stored["tags"]!.DeepClone() };
    }

    /// <summary>
    /// The revision an identifier names: <c>FAMILY</c> (its latest ACTIVE revision), <c>FAMILY:REVISION</c> or the ARN;
    /// null when there is none.
    /// </summary>
    internal static JsonObject? FindTaskDefinition(IStoreReader store, OperationContext context, string identifier)
    {
        var value = identifier.StartsWith("arn:", StringComparison.Ordinal) && identifier.Contains(":task-definition/", StringComparison.Ordinal)
            ? identifier[(identifier.IndexOf(":task-definition/", StringComparison.Ordinal) + ":task-definition/".Length)..]
            : identifier;
        var colon = value.LastIndexOf(':');
        if (colon < 0)
        {
            return EcsStore.All(store, context.AccountId, context.Region, EcsStore.TaskDefinitions, value + ":")
                .LastOrDefault(d => Str(d, "status") == "ACTIVE");
        }

        return long.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) && revision > 0
            ? EcsStore.Find(store, EcsStore.TaskDefinitionKey(context.AccountId, context.Region, value[..colon], revision))
            : null;
    }

    private JsonObject DescribeTaskDefinition(OperationContext context)
    {
        var definition = FindTaskDefinition(context.Store, context, context.RequiredString("taskDefinition"))
            ?? throw EcsErrors.UnableToDescribeTaskDefinition();
        var result = new JsonObject { ["taskDefinition"] = WithoutTags(definition) };
        if (Includes(context, "TAGS"))
        {
            result["tags"] = definition["tags"]?.DeepClone() ?? new JsonArray();
        }

        return result;
    }

    private JsonObject ListTaskDefinitions(OperationContext context)
    {
        var status = context.String("status") ?? "ACTIVE";
        var family = context.String("familyPrefix");
        var arns = EcsStore.All(context.Store, context.AccountId, context.Region, EcsStore.TaskDefinitions, family is null ? null : family + ":")
            .Where(d => Str(d, "status") == status)
            .Select(d => Str(d, "taskDefinitionArn")!)
            .ToList();
        if (context.String("sort") == "DESC")
        {
            arns.Reverse();
        }

        var (page, next) = Page(arns, context);
        return new JsonObject { ["taskDefinitionArns"] = Array(page.Select(a => (JsonNode?)a)), ["nextToken"] = next };
    }

    private JsonObject ListTaskDefinitionFamilies(OperationContext context)
    {
        var status = context.String("status") ?? "ACTIVE";
        var prefix = context.String("familyPrefix") ?? "";
        var families = EcsStore.All(context.Store, context.AccountId, context.Region, EcsStore.TaskDefinitions, prefix.Length == 0 ? null : prefix)
            .GroupBy(d => Str(d, "family")!, StringComparer.Ordinal)
            .Where(g => status switch
            {
                "ALL" => true,
                "INACTIVE" => g.All(d => Str(d, "status") == "INACTIVE"),
                _ => g.Any(d => Str(d, "status") == "ACTIVE"),
            })
            .Select(g => g.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        var (page, next) = Page(families, context);
        return new JsonObject { ["families"] = Array(page.Select(f => (JsonNode?)f)), ["nextToken"] = next };
    }

    private JsonObject DeregisterTaskDefinition(OperationContext context)
    {
        var identifier = context.RequiredString("taskDefinition");
        var value = identifier.StartsWith("arn:", StringComparison.Ordinal) ? IdOf(identifier) : identifier;
        if (!value.Contains(':', StringComparison.Ordinal))
        {
            // A family alone does not name one revision.
            throw EcsErrors.Client("Invalid revision number. Number: " + value);
        }

        var definition = context.Store.Write(tx =>
        {
            var definition = FindTaskDefinition(tx, context, identifier) ?? throw EcsErrors.UnableToDescribeTaskDefinition();
            if (Str(definition, "status") == "ACTIVE")
            {
                definition["status"] = "INACTIVE";
                definition["deregisteredAt"] = context.Now.ToString("O", CultureInfo.InvariantCulture);
                EcsStore.Put(tx, EcsStore.TaskDefinitionKey(context.AccountId, context.Region, Str(definition, "family")!,
                    definition["revision"]!.GetValue<long>()), definition);
            }

            return definition;
        });
        return new JsonObject { ["taskDefinition"] = WithoutTags(definition) };
    }
}
