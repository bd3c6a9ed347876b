using System.Text.Json.Nodes;

namespace Stevedore.Cloud.Ecs;

/// <summary>
/// A registered container instance as the agent on it is configured, read from its attributes by Stevedore's convention:
/// <c>stevedore.config/NAME</c> = value is a line of <c>/etc/ecs/ecs.config</c>, <c>stevedore.instance-role</c> is the
/// instance profile's role ARN, and <c>versionInfo.agentVersion</c> is the agent's version.
/// </summary>
public sealed record ContainerInstanceView(
    string Arn,
    string Id,
    string Ec2InstanceId,
    string? AgentVersion,
    IReadOnlyDictionary<string, string> Config,
    string? InstanceRoleArn,
    IReadOnlyDictionary<string, string?> Attributes,
    bool IsExternal)
{
    public const string ConfigPrefix = "stevedore.config/";
    public const string InstanceRoleAttribute = "stevedore.instance-role";

    /// <summary>The attribute an ECS Anywhere (EXTERNAL) instance carries.</summary>
    public const string ExternalAttribute = "ecs.capability.external";

    /// <summary>Whether the instance advertises a capability (an attribute of that name).</summary>
    public bool Has(string attribute) => Attributes.ContainsKey(attribute);

    /// <summary>The view of a stored container instance record.</summary>
    public static ContainerInstanceView From(JsonObject record)
    {
        var attributes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var attribute in record["attributes"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            attributes[attribute["name"]!.GetValue<string>()] = attribute["value"]?.GetValue<string>();
        }

        var config = attributes
            .Where(a => a.Key.StartsWith(ConfigPrefix, StringComparison.Ordinal))
            .ToDictionary(a => a.Key[ConfigPrefix.Length..], a => a.Value ?? "", StringComparer.Ordinal);
        var arn = record["containerInstanceArn"]!.GetValue<string>();
        var ec2 = record["ec2InstanceId"]?.GetValue<string>() ?? "";
        return new ContainerInstanceView(
            arn,
            arn[(arn.LastIndexOf('/') + 1)..],
            ec2,
            record["versionInfo"]?["agentVersion"]?.GetValue<string>(),
            config,
            attributes.GetValueOrDefault(InstanceRoleAttribute),
            attributes,
            attributes.ContainsKey(ExternalAttribute) || ec2.StartsWith("mi-", StringComparison.Ordinal));
    }
}
