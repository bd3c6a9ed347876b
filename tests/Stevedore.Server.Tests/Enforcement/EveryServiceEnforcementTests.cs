using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Services;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Enforcement;

/// <summary>
/// Completeness, for every service the server emulates: its enforcement matrix (<c>&lt;service&gt;_enforcement.py</c>
/// beside its tests, sharing <c>enforcement_common.py</c>) has a case for every implemented operation that needs a
/// permission, and through boto3 each case is denied (the service's own access-denied code) to a principal without
/// permissions and authorized for a principal allowed the service's actions — as an IAM user and as an assumed-role
/// session. Each run gets its own server, so the matrices' names never meet.
/// </summary>
public sealed class EveryServiceEnforcementTests
{
    /// <summary>
    /// Operations every authenticated caller may make (registered with <see cref="AuthorizationTarget.Unconditional"/>):
    /// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html and
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html
    /// (S3's DeleteObjects is unconditional as a request but checks s3:DeleteObject per key, so it has a case.)
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, string[]> Unconditional = new Dictionary<string, string[]>
    {
        ["sts"] = ["GetCallerIdentity", "GetSessionToken"],
    };

    // Answers meaning the request was never authorized at all: the credentials were refused.
    private static readonly string[] NotAuthenticated =
    [
        "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "MissingAuthenticationToken",
        "UnrecognizedClientException", "InvalidSignatureException", "IncompleteSignature", "AuthFailure", "InvalidAccessKeyId",
    ];

    public static TheoryData<string, string> Matrices()
    {
        var data = new TheoryData<string, string>();
        foreach (var service in CloudServices.Create().Keys.Order(StringComparer.Ordinal))
        {
            data.Add(service, "user");
            data.Add(service, "role");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrices))]
    public async Task Every_operation_is_denied_without_permission_and_authorized_with_it(string serviceName, string principalKind)
    {
        var service = CloudServices.Create()[serviceName];
        var script = MatrixScript(serviceName);
        Assert.True(script is not null, $"{serviceName} has no enforcement matrix ({serviceName}_enforcement.py under {ProjectDirectory()})");

        var matrix = await RunAsync(script!, principalKind);

        var needed = service.ImplementedOperations.Except(Unconditional.GetValueOrDefault(serviceName, [])).Order(StringComparer.Ordinal).ToList();
        Assert.True(needed.All(matrix.ContainsKey), $"{serviceName}: no enforcement case for {string.Join(", ", needed.Where(o => !matrix.ContainsKey(o)))}");
        Assert.True(matrix.Keys.All(needed.Contains), $"{serviceName}: cases for operations it does not implement or need not authorize: {string.Join(", ", matrix.Keys.Except(needed))}");

        var denied = service.AccessDenied("").Code;
        var wrong = matrix
            .Where(entry => entry.Value[0] != denied || !IsAuthorized(entry.Value[1], denied))
            .Select(entry => $"{entry.Key}: without permissions {entry.Value[0]}, allowed {entry.Value[1]}")
            .ToList();
        Assert.True(wrong.Count == 0,
            $"{serviceName} as a {principalKind} (denied must answer {denied}; allowed anything but it, an authentication error or a client-side error):\n{string.Join('\n', wrong)}");
    }

    /// <summary>
    /// An answer past authorization: not the service's denial, not a refusal of the credentials, and not a client-side
    /// failure ("ClientSide: …", a request that never reached the server).
    /// </summary>
    private static bool IsAuthorized(string code, string denied) =>
        code != denied && code != "AccessDenied" && !NotAuthenticated.Contains(code) && !code.StartsWith("ClientSide:", StringComparison.Ordinal);

    private static async Task<Dictionary<string, string[]>> RunAsync(string script, string principalKind)
    {
        var server = new StevedoreFixture();
        await server.InitializeAsync();
        try
        {
            // The fixture passes the script on stdin: put the shared module's directory on sys.path first.
            var prelude = $"import sys\nsys.path.insert(0, {JsonSerializer.Serialize(SourceDirectory())})\n";
            var output = server.Python(prelude + File.ReadAllText(script), arguments: [principalKind]).Succeeded().Stdout;
            return JsonNode.Parse(output)!.AsObject()
                .ToDictionary(e => e.Key, e => e.Value!.AsArray().Select(c => c!.GetValue<string>()).ToArray(), StringComparer.Ordinal);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>The service's matrix: <c>&lt;signing name&gt;_enforcement.py</c> anywhere in the test project's sources.</summary>
    internal static string? MatrixScript(string serviceName) =>
        Directory.EnumerateFiles(ProjectDirectory(), $"{serviceName}_enforcement.py", SearchOption.AllDirectories)
            .SingleOrDefault(p => !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string ProjectDirectory() => Path.GetDirectoryName(SourceDirectory())!;

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
