using System.Collections.Frozen;
using System.Text.Json;

namespace Stevedore.Advisor;

/// <summary>
/// The AWS-managed policy documents Stevedore knows, by ARN: the same files IAM serves
/// (<c>src/Stevedore.Cloud/Iam/ManagedPolicies</c>), embedded here so the advisor stays free of the services.
/// </summary>
public static class ManagedPolicyCatalog
{
    private static readonly Lazy<FrozenDictionary<string, string>> Documents = new(Load);

    /// <summary>The ARNs known (e.g. <c>arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy</c>).</summary>
    public static IEnumerable<string> Arns => Documents.Value.Keys;

    /// <summary>The policy document (JSON) of an AWS-managed policy; accepts any partition in the ARN.</summary>
    public static bool TryGetDocument(string arn, out string document)
    {
        var normalized = arn.StartsWith("arn:aws-", StringComparison.Ordinal) ? "arn:aws:" + arn[(arn.IndexOf(':', 4) + 1)..] : arn;
        return Documents.Value.TryGetValue(normalized, out document!);
    }

    public static bool IsManagedPolicyArn(string text) => text.StartsWith("arn:", StringComparison.Ordinal) && text.Contains(":iam::aws:policy/", StringComparison.Ordinal);

    private static FrozenDictionary<string, string> Load()
    {
        var assembly = typeof(ManagedPolicyCatalog).Assembly;
        var documents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Stevedore.Advisor.ManagedPolicies.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var json = JsonDocument.Parse(stream);
            var root = json.RootElement;
            documents[root.GetProperty("Arn").GetString()!] = root.GetProperty("Document").GetRawText();
        }

        return documents.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
