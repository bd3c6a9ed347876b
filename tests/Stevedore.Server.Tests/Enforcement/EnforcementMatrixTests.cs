using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Sts;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Enforcement;

/// <summary>
/// Completeness: every implemented IAM and STS operation is denied to a principal without permissions (AccessDenied)
/// and authorized for a principal whose policy allows it (whatever the operation then answers), through boto3 —
/// both as an IAM user (its access key) and as an assumed-role session (temporary credentials from AssumeRole).
/// </summary>
public sealed class EnforcementMatrixTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    // Operations every authenticated caller may make: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
    // and https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html
    private static readonly string[] Unconditional = ["GetCallerIdentity", "GetSessionToken"];

    // Answers that would mean the request was never authorized at all (the credentials were refused) or never sent.
    private static readonly string[] NotAuthorizedAtAll = ["AccessDenied", "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "MissingAuthenticationToken"];

    [Theory]
    [InlineData("user")]
    [InlineData("role")]
    public void Every_operation_is_denied_without_permission_and_authorized_with_it(string principalKind)
    {
        var script = File.ReadAllText(Path.Combine(SourceDirectory(), "enforcement_matrix.py"));

        var matrix = JsonNode.Parse(stevedore.Python(script, arguments: [principalKind]).Succeeded().Stdout)!.AsObject();

        var implemented = new IamService().ImplementedOperations.Concat(new StsService().ImplementedOperations).Except(Unconditional).ToList();
        Assert.All(implemented, operation => Assert.True(matrix.ContainsKey(operation), $"{operation} has no enforcement case"));
        Assert.All(matrix, entry =>
        {
            var codes = entry.Value!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            Assert.True(codes[0] == "AccessDenied", $"{entry.Key} as a {principalKind} without permissions answered {codes[0]}");
            Assert.True(!NotAuthorizedAtAll.Contains(codes[1]) && !codes[1].Contains(':', StringComparison.Ordinal),
                $"{entry.Key} as a {principalKind} allowed iam:* and sts:* answered {codes[1]}");
        });
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
