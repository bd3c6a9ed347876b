using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Cloud.Iam.Model;

namespace Stevedore.Cloud.Iam;

/// <summary>
/// The AWS-managed policies Stevedore knows, with the documents AWS publishes (see
/// Iam/ManagedPolicies/README.md for each one's source). They live in the pseudo-account <c>aws</c>.
/// </summary>
public static class AwsManagedPolicies
{
    // Where AWS's version id or dates could not be confirmed, the policy reads as v1 created when AWS
    // managed policies were introduced (AdministratorAccess's creation date); the README lists which.
    private static readonly DateTimeOffset UnknownDate = new(2015, 2, 6, 18, 39, 46, TimeSpan.Zero);

    private static readonly Lazy<FrozenDictionary<string, ManagedPolicy>> ByArn = new(Load);

    public static IReadOnlyCollection<ManagedPolicy> All => ByArn.Value.Values;

    public static bool TryGet(string arn, out ManagedPolicy policy) => ByArn.Value.TryGetValue(arn, out policy!);

    private static FrozenDictionary<string, ManagedPolicy> Load()
    {
        var assembly = typeof(AwsManagedPolicies).Assembly;
        var policies = new Dictionary<string, ManagedPolicy>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Stevedore.Cloud.ManagedPolicies.", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var json = JsonNode.Parse(stream)!.AsObject();
            var created = Date(json["CreateDate"]);
            var arn = json["Arn"]!.GetValue<string>();
            var versionId = json["DefaultVersionId"]?.GetValue<string>() ?? "v1";
            var document = json["Document"]!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            policies[arn] = new ManagedPolicy(
                AccountId: "aws",
                PolicyName: json["PolicyName"]!.GetValue<string>(),
                PolicyId: PolicyId(arn),
                Path: json["Path"]!.GetValue<string>(),
                Arn: arn,
                Description: json["Description"]?.GetValue<string>(),
                CreateDate: created,
                UpdateDate: json["UpdateDate"] is { } updated ? Date(updated) : created,
                Tags: [],
                Versions: [new PolicyVersion(versionId, document, true, json["UpdateDate"] is { } u ? Date(u) : created)],
                NextVersionNumber: int.Parse(versionId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) + 1);
        }

        return policies.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static DateTimeOffset Date(JsonNode? node) =>
        node is null ? UnknownDate : DateTimeOffset.Parse(node.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A stable ANPA id derived from the ARN, so every server shows the same id for an AWS policy.</summary>
    private static string PolicyId(string arn)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(arn));
        return new IamIds(length => hash[..length]).UniqueId(IamIds.PolicyPrefix);
    }
}
