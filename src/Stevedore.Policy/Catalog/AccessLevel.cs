namespace Stevedore.Policy.Catalog;

/// <summary>Access level of an action, as classified by the IAM Service Authorization Reference.</summary>
public enum AccessLevel
{
    List,
    Read,
    Write,
    PermissionsManagement,
    Tagging,
}
