using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Stevedore.Policy.Catalog;

/// <summary>A service with full detail in the catalog: its actions, resource types and condition keys.</summary>
public sealed class ServiceInfo
{
    private readonly FrozenDictionary<string, ActionInfo> _actions;
    private readonly FrozenDictionary<string, ResourceTypeInfo> _resourceTypes;
    private readonly FrozenDictionary<string, ConditionKeyInfo> _conditionKeys;

    internal ServiceInfo(
        string prefix,
        string name,
        IReadOnlyList<ActionInfo> actions,
        IReadOnlyList<ResourceTypeInfo> resourceTypes,
        IReadOnlyList<ConditionKeyInfo> conditionKeys)
    {
        Prefix = prefix;
        Name = name;
        Actions = actions;
        ResourceTypes = resourceTypes;
        ConditionKeys = conditionKeys;
        _actions = actions.ToFrozenDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        _resourceTypes = resourceTypes.ToFrozenDictionary(r => r.Name, StringComparer.OrdinalIgnoreCase);
        _conditionKeys = conditionKeys.ToFrozenDictionary(k => k.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Service prefix as used in actions, e.g. <c>secretsmanager</c>.</summary>
    public string Prefix { get; }

    /// <summary>Display name, e.g. <c>AWS Secrets Manager</c>.</summary>
    public string Name { get; }

    /// <summary>Actions ordered by name (ordinal).</summary>
    public IReadOnlyList<ActionInfo> Actions { get; }

    public IReadOnlyList<ResourceTypeInfo> ResourceTypes { get; }

    /// <summary>Condition keys the service defines (may include <c>aws:</c> keys such as <c>aws:ResourceTag/${TagKey}</c>).</summary>
    public IReadOnlyList<ConditionKeyInfo> ConditionKeys { get; }

    /// <summary>Looks up an action by its name without prefix (case-insensitive).</summary>
    public bool TryGetAction(string name, [NotNullWhen(true)] out ActionInfo? action) =>
        _actions.TryGetValue(name, out action);

    /// <summary>Looks up a resource type by name (case-insensitive).</summary>
    public bool TryGetResourceType(string name, [NotNullWhen(true)] out ResourceTypeInfo? resourceType) =>
        _resourceTypes.TryGetValue(name, out resourceType);

    /// <summary>Looks up a condition key by its published name (case-insensitive, no template expansion).</summary>
    public bool TryGetConditionKey(string name, [NotNullWhen(true)] out ConditionKeyInfo? key) =>
        _conditionKeys.TryGetValue(name, out key);

    /// <summary>Finds which of the service's resource types a concrete ARN is (most specific format wins).</summary>
    public bool TryMatchResourceType(string resourceArn, [NotNullWhen(true)] out ResourceTypeInfo? resourceType)
    {
        resourceType = ResourceTypeInfo.BestMatch(ResourceTypes, resourceArn);
        return resourceType is not null;
    }

    public override string ToString() => Prefix;
}
