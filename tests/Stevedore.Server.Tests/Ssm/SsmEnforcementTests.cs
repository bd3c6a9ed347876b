using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Ssm;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

/// <summary>
/// Completeness: every implemented SSM operation is denied to a user without permissions (AccessDeniedException) and
/// authorized for a user allowed ssm:* (whatever the operation then answers), through boto3.
/// </summary>
public sealed class SsmEnforcementTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Every_operation_is_denied_without_permission_and_authorized_with_it()
    {
        var script = File.ReadAllText(Path.Combine(SourceDirectory(), "ssm_enforcement.py"));

        var matrix = JsonNode.Parse(stevedore.Python(script).Succeeded().Stdout)!.AsObject();

        Assert.All(new SsmService().ImplementedOperations, operation => Assert.True(matrix.ContainsKey(operation), $"{operation} has no enforcement case"));
        Assert.All(matrix, entry =>
        {
            var codes = entry.Value!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            Assert.True(codes[0] == "AccessDeniedException", $"{entry.Key} as a user without permissions answered {codes[0]}");
            Assert.True(codes[1] != "AccessDeniedException", $"{entry.Key} as a user allowed ssm:* answered AccessDeniedException");
        });
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
