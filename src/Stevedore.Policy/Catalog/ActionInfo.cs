namespace Stevedore.Policy.Catalog;

/// <summary>One resource type an action can be authorized against.</summary>
/// <param name="Name">Resource type name as published (see <see cref="ResourceType"/>).</param>
/// <param name="Required">True when the resource type is marked required (<c>*</c>) in the reference.</param>
/// <param name="ConditionKeys">Condition keys that apply when the action targets this resource type.</param>
/// <param name="ResourceType">The service's resource type definition (ARN format, resource condition keys).</param>
public sealed record ActionResourceType(
    string Name,
    bool Required,
    IReadOnlyList<string> ConditionKeys,
    ResourceTypeInfo ResourceType);

/// <summary>An IAM action from the Service Authorization Reference.</summary>
/// <param name="Service">Service prefix, e.g. <c>s3</c>.</param>
/// <param name="Name">Action name with the catalog's casing, e.g. <c>GetObject</c>.</param>
/// <param name="ConditionKeys">Condition keys that apply to the action regardless of resource type.</param>
public sealed record ActionInfo(
    string Service,
    string Name,
    AccessLevel AccessLevel,
    IReadOnlyList<ActionResourceType> ResourceTypes,
    IReadOnlyList<string> ConditionKeys)
{
    /// <summary>Full action name, e.g. <c>s3:GetObject</c>.</summary>
    public string FullName { get; } = Service + ":" + Name;

    /// <summary>False when the action lists no resource types, i.e. it only accepts <c>Resource: "*"</c>.</summary>
    public bool SupportsResourceLevelPermissions => ResourceTypes.Count > 0;

    /// <summary>Finds which of this action's resource types the concrete <paramref name="resourceArn"/> is.</summary>
    public bool TryMatchResourceType(string resourceArn, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceTypeInfo? resourceType)
    {
        resourceType = ResourceTypeInfo.BestMatch(ResourceTypes.Select(r => r.ResourceType), resourceArn);
        return resourceType is not null;
    }

    public override string ToString() => FullName;
}
