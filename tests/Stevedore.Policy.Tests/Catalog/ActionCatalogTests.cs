using Stevedore.Policy.Catalog;

namespace Stevedore.Policy.Tests.Catalog;

public sealed class ActionCatalogTests
{
    private static readonly ActionCatalog Catalog = ActionCatalog.Default;

    [Fact]
    public void Default_IsASingleton() => Assert.Same(ActionCatalog.Default, ActionCatalog.Default);

    [Fact]
    public void Default_LoadsOnceUnderConcurrency()
    {
        var seen = new ActionCatalog[16];
        Parallel.For(0, seen.Length, i => seen[i] = ActionCatalog.Default);
        Assert.All(seen, c => Assert.Same(Catalog, c));
    }

    [Fact]
    public void EmulatedServices_HaveFullDetail()
    {
        string[] expected = ["iam", "sts", "ecs", "ecr", "logs", "secretsmanager", "ssm", "kms", "s3", "events", "ec2", "organizations"];
        foreach (var prefix in expected)
        {
            Assert.True(Catalog.TryGetService(prefix, out var service), prefix);
            Assert.NotEmpty(service.Actions);
        }

        Assert.Equal(expected.Length, Catalog.Services.Count);
        Assert.Equal(Catalog.Services.Sum(s => s.Actions.Count), Catalog.Actions.Count);
        Assert.False(string.IsNullOrEmpty(Catalog.DataVersion));
    }

    [Theory]
    [InlineData("s3")]
    [InlineData("lambda")]
    [InlineData("dynamodb")]
    [InlineData("LAMBDA")]
    public void IsKnownService_IncludesServicesWithoutDetail(string prefix) => Assert.True(Catalog.IsKnownService(prefix));

    [Theory]
    [InlineData("nosuchsvc")]
    [InlineData("")]
    [InlineData("s3 ")]
    public void IsKnownService_RejectsUnknownVendors(string prefix) => Assert.False(Catalog.IsKnownService(prefix));

    [Fact]
    public void TryGetService_OnlyForDetailedServices()
    {
        Assert.True(Catalog.IsKnownService("lambda"));
        Assert.False(Catalog.TryGetService("lambda", out _));
        Assert.True(Catalog.TryGetService("ECR", out var ecr));
        Assert.Equal("ecr", ecr.Prefix);
        Assert.Equal("Amazon Elastic Container Registry", ecr.Name);
    }

    [Fact]
    public void GetAuthorizationToken_DoesNotSupportResourceLevelPermissions()
    {
        Assert.True(Catalog.TryGetAction("ecr:GetAuthorizationToken", out var action));
        Assert.False(action.SupportsResourceLevelPermissions);
        Assert.Empty(action.ResourceTypes);
        Assert.Equal(AccessLevel.Read, action.AccessLevel);
    }

    [Fact]
    public void BatchGetImage_TargetsRepository()
    {
        Assert.True(Catalog.TryGetAction("ecr:BatchGetImage", out var action));
        Assert.True(action.SupportsResourceLevelPermissions);
        var repository = Assert.Single(action.ResourceTypes);
        Assert.Equal("repository", repository.Name);
        Assert.True(repository.Required);
        Assert.Equal("arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}", repository.ResourceType.ArnFormat);
        Assert.Contains("aws:ResourceTag/${TagKey}", repository.ResourceType.ConditionKeys);
    }

    [Theory]
    [InlineData("secretsmanager:GetSecretValue", AccessLevel.Read)]
    [InlineData("logs:CreateLogStream", AccessLevel.Write)]
    [InlineData("logs:PutLogEvents", AccessLevel.Write)]
    [InlineData("s3:ListAllMyBuckets", AccessLevel.List)]
    [InlineData("iam:PutRolePolicy", AccessLevel.PermissionsManagement)]
    [InlineData("iam:PassRole", AccessLevel.Write)]
    [InlineData("ecr:TagResource", AccessLevel.Tagging)]
    [InlineData("kms:Decrypt", AccessLevel.Write)]
    [InlineData("ssm:GetParameters", AccessLevel.Read)]
    public void AccessLevels(string action, AccessLevel expected)
    {
        Assert.True(Catalog.TryGetAction(action, out var info), action);
        Assert.Equal(expected, info.AccessLevel);
    }

    [Theory]
    [InlineData("S3:getobject")]
    [InlineData("s3:GETOBJECT")]
    [InlineData("s3:GetObject")]
    public void TryGetAction_IsCaseInsensitive_AndKeepsCatalogCasing(string action)
    {
        Assert.True(Catalog.TryGetAction(action, out var info));
        Assert.Equal("s3:GetObject", info.FullName);
        Assert.Equal("s3", info.Service);
        Assert.Equal("GetObject", info.Name);
    }

    [Theory]
    [InlineData("s3:NoSuchAction")]
    [InlineData("lambda:InvokeFunction")]
    [InlineData("GetObject")]
    [InlineData(":GetObject")]
    [InlineData("s3:Get*")]
    [InlineData("")]
    public void TryGetAction_Misses(string action) => Assert.False(Catalog.TryGetAction(action, out _));

    [Fact]
    public void Expand_PrefixWildcard()
    {
        var actions = Catalog.Expand("ecr:BatchGet*");
        Assert.Contains(actions, a => a.FullName == "ecr:BatchGetImage");
        Assert.All(actions, a => Assert.StartsWith("ecr:BatchGet", a.FullName, StringComparison.Ordinal));
    }

    [Fact]
    public void Expand_IsCaseInsensitive()
    {
        var upper = Catalog.Expand("ECR:batchget*").Select(a => a.FullName);
        var exact = Catalog.Expand("ecr:BatchGet*").Select(a => a.FullName);
        Assert.Equal(exact, upper);
        Assert.NotEmpty(upper);
    }

    [Fact]
    public void Expand_QuestionMarkMatchesOneCharacter()
    {
        Assert.Equal(["ecr:BatchGetImage"], Catalog.Expand("ecr:BatchGet?mage").Select(a => a.FullName));
        Assert.Empty(Catalog.Expand("ecr:BatchGet?Image"));
    }

    [Fact]
    public void Expand_ServiceAndGlobalWildcards()
    {
        Assert.True(Catalog.TryGetService("s3", out var s3));
        Assert.Equal(s3.Actions.Count, Catalog.Expand("s3:*").Count);
        Assert.Equal(Catalog.Actions.Count, Catalog.Expand("*").Count);
        Assert.Contains(Catalog.Expand("*:GetObject"), a => a.FullName == "s3:GetObject");
        Assert.Contains(Catalog.Expand("s*:GetSecretValue"), a => a.FullName == "secretsmanager:GetSecretValue");
    }

    [Fact]
    public void Expand_ExactAndUnknown()
    {
        Assert.Equal(["logs:CreateLogStream"], Catalog.Expand("logs:createlogstream").Select(a => a.FullName));
        Assert.Empty(Catalog.Expand("nosuchsvc:*"));
        Assert.Empty(Catalog.Expand("lambda:*"));
        Assert.Empty(Catalog.Expand("s3:NoSuch*"));
    }

    [Fact]
    public void TryMatchResourceType_EcrRepository()
    {
        Assert.True(Catalog.TryMatchResourceType("ecr:BatchGetImage", "arn:aws:ecr:us-east-1:000000000000:repository/team/app", out var rt));
        Assert.Equal("repository", rt.Name);
        Assert.False(Catalog.TryMatchResourceType("ecr:BatchGetImage", "arn:aws:ecr:us-east-1:000000000000:repository/", out _));
        Assert.False(Catalog.TryMatchResourceType("ecr:BatchGetImage", "arn:aws:s3:::bucket", out _));
        Assert.False(Catalog.TryMatchResourceType("ecr:GetAuthorizationToken", "arn:aws:ecr:us-east-1:000000000000:repository/app", out _));
    }

    [Fact]
    public void TryMatchResourceType_SsmParameter()
    {
        Assert.True(Catalog.TryMatchResourceType("ssm:GetParameters", "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db/password", out var rt));
        Assert.Equal("parameter", rt.Name);
        Assert.Equal("arn:${Partition}:ssm:${Region}:${Account}:parameter/${ParameterNameWithoutLeadingSlash}", rt.ArnFormat);
    }

    [Fact]
    public void TryMatchResourceType_PrefersMostSpecificFormat()
    {
        Assert.True(Catalog.TryGetService("s3", out var s3));
        Assert.True(s3.TryMatchResourceType("arn:aws:s3:::my-bucket", out var bucket));
        Assert.Equal("bucket", bucket.Name);
        Assert.True(s3.TryMatchResourceType("arn:aws:s3:::my-bucket/a/b.txt", out var obj));
        Assert.Equal("object", obj.Name);

        Assert.True(Catalog.TryMatchResourceType("logs:PutLogEvents", "arn:aws:logs:us-east-1:000000000000:log-group:/ecs/app:log-stream:ecs/web/1", out var stream));
        Assert.Equal("log-stream", stream.Name);
    }

    [Fact]
    public void TryMatchResourceType_HeaderPlaceholdersDoNotSpanColons()
    {
        Assert.True(Catalog.TryGetService("secretsmanager", out var sm));
        Assert.True(sm.TryGetResourceType("secret", out var secret));
        Assert.True(secret.MatchesArn("arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf"));
        Assert.False(secret.MatchesArn("arn:aws:secretsmanager:us-east-1:000000000000:extra:secret:db"));
        Assert.False(secret.MatchesArn("arn:aws:secretsmanager:us-east-1"));
    }

    [Fact]
    public void Action_ResourceTypeConditionKeys()
    {
        Assert.True(Catalog.TryGetAction("iam:PassRole", out var passRole));
        Assert.Contains("iam:PassedToService", passRole.ConditionKeys.Concat(passRole.ResourceTypes.SelectMany(r => r.ConditionKeys)));
    }

    [Theory]
    [InlineData("aws:SourceArn", ConditionKeyType.Arn)]
    [InlineData("AWS:sourceaccount", ConditionKeyType.String)]
    [InlineData("aws:ResourceTag/team", ConditionKeyType.String)]
    [InlineData("aws:TagKeys", ConditionKeyType.ArrayOfString)]
    [InlineData("aws:SecureTransport", ConditionKeyType.Bool)]
    [InlineData("aws:SourceIp", ConditionKeyType.IPAddress)]
    [InlineData("aws:CurrentTime", ConditionKeyType.Date)]
    [InlineData("iam:PassedToService", ConditionKeyType.String)]
    [InlineData("s3:max-keys", ConditionKeyType.Numeric)]
    [InlineData("kms:EncryptionContext:aws:logs:arn", ConditionKeyType.String)]
    [InlineData("ecr:ResourceTag/env", ConditionKeyType.String)]
    public void TryGetConditionKey(string key, ConditionKeyType expected)
    {
        Assert.True(Catalog.TryGetConditionKey(key, out var info), key);
        Assert.Equal(expected, info.Type);
    }

    [Theory]
    [InlineData("aws:NoSuchKey")]
    [InlineData("aws:ResourceTag/")]
    [InlineData("nosuchsvc:Key")]
    public void TryGetConditionKey_Misses(string key) => Assert.False(Catalog.TryGetConditionKey(key, out _));

    [Fact]
    public void EveryActionResourceType_ResolvesWithAParsableArnFormat()
    {
        foreach (var action in Catalog.Actions)
        {
            foreach (var rt in action.ResourceTypes)
            {
                Assert.StartsWith("arn:", rt.ResourceType.ArnFormat, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(Catalog.Services.SelectMany(s => s.ConditionKeys), k => k.Type == ConditionKeyType.Unknown);
    }
}
