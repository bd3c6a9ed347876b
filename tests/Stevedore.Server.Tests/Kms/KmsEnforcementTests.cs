using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Kms;
using Stevedore.Cloud.SecretsManager;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Kms;

/// <summary>
/// Completeness: every implemented KMS and Secrets Manager operation is denied to a user without permissions and
/// authorized for a user allowed kms:* and secretsmanager:* (whatever it then answers).
/// </summary>
public sealed class KmsEnforcementTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Every_operation_is_denied_without_permission_and_authorized_with_it()
    {
        var script = File.ReadAllText(Path.Combine(SourceDirectory(), "enforcement_matrix.py"));
        var matrix = JsonNode.Parse(stevedore.Python(script).Succeeded().Stdout)!.AsObject();

        var implemented = new KmsService().ImplementedOperations.Select(o => $"kms:{o}")
            .Concat(new SecretsManagerService().ImplementedOperations.Select(o => $"secretsmanager:{o}"));
        Assert.All(implemented, operation => Assert.True(matrix.ContainsKey(operation), $"{operation} has no enforcement case"));
        Assert.All(matrix, entry =>
        {
            var codes = entry.Value!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            Assert.True(codes[0] == "AccessDeniedException", $"{entry.Key} as a user without permissions answered {codes[0]}");
            Assert.True(codes[1] != "AccessDeniedException", $"{entry.Key} as a user allowed kms:* and secretsmanager:* answered {codes[1]}");
        });
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
