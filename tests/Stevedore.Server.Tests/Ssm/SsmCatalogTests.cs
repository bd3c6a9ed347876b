using Stevedore.Cloud.Ssm;
using Stevedore.Policy.Catalog;

namespace Stevedore.Server.Tests.Ssm;

/// <summary>The SSM mapping's parameter ARNs and condition keys are in the action catalog (its actions: EveryServiceCatalogTests).</summary>
public sealed class SsmCatalogTests
{
    private static readonly string[] ConditionKeys = ["ssm:Overwrite", "ssm:Recursive", "aws:ResourceTag/team", "aws:RequestTag/team", "aws:TagKeys"];

    [Fact]
    public void The_parameter_arns_match_the_catalogs_parameter_resource_type()
    {
        var catalog = ActionCatalog.Default;

        Assert.True(catalog.TryMatchResourceType("ssm:GetParameter", SsmNames.Arn("us-east-1", "000000000000", "/a/b"), out var slashed));
        Assert.Equal("parameter", slashed!.Name);
        Assert.True(catalog.TryMatchResourceType("ssm:GetParameter", SsmNames.Arn("us-east-1", "000000000000", "plain"), out var plain));
        Assert.Equal("parameter", plain!.Name);
        Assert.Equal("arn:aws:ssm:us-east-1:000000000000:parameter/a/b", SsmNames.Arn("us-east-1", "000000000000", "/a/b"));
    }

    [Fact]
    public void The_condition_keys_the_mapping_sets_are_known()
    {
        var catalog = ActionCatalog.Default;

        Assert.All(ConditionKeys, key => Assert.True(catalog.TryGetConditionKey(key, out _), $"{key} is not a known condition key"));
    }
}
