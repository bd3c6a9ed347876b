using System.Reflection;

namespace Stevedore.Cloud.Services;

/// <summary>Every service this assembly emulates, found by reflection so that adding a service touches no shared file.</summary>
public static class CloudServices
{
    /// <summary>
    /// One instance of each concrete <see cref="AwsService"/> with a public constructor whose parameters are all optional
    /// (created with their defaults), by signing name.
    /// </summary>
    public static IReadOnlyDictionary<string, AwsService> Create() =>
        typeof(CloudServices).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(AwsService)))
            .Select(t => t.GetConstructors(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(c => c.GetParameters().All(p => p.IsOptional)))
            .Where(c => c is not null)
            .Select(c => (AwsService)c!.Invoke([.. c.GetParameters().Select(p => p.DefaultValue)]))
            .ToDictionary(s => s.Name, StringComparer.Ordinal);
}
