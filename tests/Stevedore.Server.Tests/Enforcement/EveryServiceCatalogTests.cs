using Stevedore.Cloud.Ec2;
using Stevedore.Cloud.S3;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Catalog;

namespace Stevedore.Server.Tests.Enforcement;

/// <summary>Every IAM action each service's authorization mapping uses exists in the action catalog.</summary>
public sealed class EveryServiceCatalogTests
{
    /// <summary>
    /// Actions a service checks inside its handlers beyond each operation's own (KMS on the caller's behalf, the
    /// secret behind an SSM reference, a new key policy's lockout check).
    /// </summary>
    private static readonly IReadOnlyDictionary<string, string[]> Nested = new Dictionary<string, string[]>
    {
        ["kms"] = ["kms:PutKeyPolicy"],
        ["secretsmanager"] = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "secretsmanager:GetSecretValue"],
        ["ecs"] = ["iam:PassRole"],
        ["ssm"] = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey", "secretsmanager:GetSecretValue"],
    };

    public static TheoryData<string> Services() => [.. CloudServices.Create().Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Services))]
    public void Every_mapped_action_is_in_the_catalog(string serviceName)
    {
        var actions = MappedActions(CloudServices.Create()[serviceName]).Concat(Nested.GetValueOrDefault(serviceName, [])).Distinct().ToList();

        Assert.NotEmpty(actions);
        var unknown = actions.Where(action => !ActionCatalog.Default.TryGetAction(action, out _)).ToList();
        Assert.True(unknown.Count == 0, $"{serviceName}: not in the action catalog: {string.Join(", ", unknown)}");
    }

    /// <summary>
    /// The actions a service's operations are authorized as. Most name the action after the operation
    /// (<c>prefix:Operation</c>); S3 and EC2 keep their mapping in one declared place, which is read instead.
    /// </summary>
    private static IEnumerable<string> MappedActions(AwsService service)
    {
        var operations = service.ImplementedOperations.Except(EveryServiceEnforcementTests.Unconditional.GetValueOrDefault(service.Name, []));
        return service switch
        {
            S3Service => S3Service.AuthorizationActions,
            Ec2Service => operations.Select(Ec2Authorization.Action),
            _ => operations.Select(operation => $"{service.ActionPrefix}:{operation}"),
        };
    }
}
