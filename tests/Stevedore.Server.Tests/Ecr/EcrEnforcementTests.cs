using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Ecr;
using Stevedore.Policy.Catalog;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ecr;

/// <summary>
/// Completeness: every implemented ECR operation is denied to a user without permissions and authorized for a user
/// allowed <c>ecr:*</c> (whatever it then answers); every action the mapping uses is in the action catalog.
/// </summary>
public sealed class EcrEnforcementTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Every_operation_is_denied_without_permission_and_authorized_with_it()
    {
        var script = File.ReadAllText(Path.Combine(SourceDirectory(), "ecr_enforcement.py"));

        var matrix = JsonNode.Parse(stevedore.Python(script).Succeeded().Stdout)!.AsObject();

        Assert.All(new EcrService().ImplementedOperations, operation => Assert.True(matrix.ContainsKey(operation), $"{operation} has no enforcement case"));
        Assert.All(matrix, entry =>
        {
            var codes = entry.Value!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            Assert.True(codes[0] == "AccessDeniedException", $"{entry.Key} as a user without permissions answered {codes[0]}");
            Assert.True(codes[1] != "AccessDeniedException" && !codes[1].Contains(':', StringComparison.Ordinal),
                $"{entry.Key} as a user allowed ecr:* answered {codes[1]}");
        });
    }

    [Fact]
    public void Every_action_the_mapping_uses_is_in_the_catalog()
    {
        Assert.All(new EcrService().ImplementedOperations, operation =>
            Assert.True(ActionCatalog.Default.TryGetAction($"ecr:{operation}", out _), $"ecr:{operation} is not in the action catalog"));
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
