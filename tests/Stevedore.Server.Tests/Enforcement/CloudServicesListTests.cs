using Stevedore.Cloud.Services;

namespace Stevedore.Server.Tests.Enforcement;

/// <summary>The written-out service list (kept for the ahead-of-time compiled binary) misses no service.</summary>
public sealed class CloudServicesListTests
{
    [Fact]
    public void Every_concrete_service_in_the_assembly_is_created()
    {
        var declared = typeof(AwsService).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsSubclassOf(typeof(AwsService)))
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal);
        var created = CloudServices.Create().Values.Select(s => s.GetType().FullName!).Order(StringComparer.Ordinal);

        Assert.Equal(declared, created);
    }
}
