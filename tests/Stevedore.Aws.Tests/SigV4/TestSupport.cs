using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Stevedore.Aws.SigV4;

namespace Stevedore.Aws.Tests.SigV4;

internal sealed class Keys : ICredentialLookup
{
    private readonly Dictionary<string, SigningCredential> _keys = new(StringComparer.Ordinal);

    public Keys(params SigningCredential[] credentials)
    {
        foreach (var c in credentials)
        {
            _keys[c.AccessKeyId] = c;
        }
    }

    public bool TryGet(string accessKeyId, out SigningCredential credential) =>
        _keys.TryGetValue(accessKeyId, out credential!);
}

internal sealed record Vector(
    string Name,
    string Method,
    string Host,
    string RawPath,
    string RawQuery,
    List<List<string>> Headers,
    string BodyBase64,
    string Service,
    string Region,
    bool Presigned,
    string AccessKeyId,
    string SecretAccessKey,
    string? SessionToken,
    string Time)
{
    public DateTimeOffset SignedAt => DateTimeOffset.ParseExact(
        Time, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.AssumeUniversal);

    public byte[] Body => Convert.FromBase64String(BodyBase64);

    public SigningCredential Credential => new(AccessKeyId, SecretAccessKey, SessionToken);

    public SignedRequest ToRequest(
        Func<List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>>? headers = null,
        string? rawQuery = null,
        byte[]? body = null)
    {
        var list = Headers.Select(h => new KeyValuePair<string, string>(h[0], h[1])).ToList();
        return SignedRequest.FromBody(Method, RawPath, rawQuery ?? RawQuery, headers?.Invoke(list) ?? list, Host, body ?? Body);
    }
}

internal static class Vectors
{
    private static readonly Lazy<IReadOnlyList<Vector>> All = new(Load);

    public static IReadOnlyList<Vector> List => All.Value;

    public static Vector Get(string name) => List.Single(v => v.Name == name);

    public static IEnumerable<object[]> Names => List.Select(v => new object[] { v.Name });

    private static IReadOnlyList<Vector> Load()
    {
        var path = Path.Combine(Here(), "vectors.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path, Encoding.UTF8));
        var options = new JsonSerializerOptions { PropertyNameCaseInsensitive = true };
        return doc.RootElement.GetProperty("vectors").Deserialize<List<Vector>>(options)!;
    }

    private static string Here([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
