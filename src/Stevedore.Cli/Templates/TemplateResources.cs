using System.Text.Json.Nodes;

namespace Stevedore.Cli.Templates;

/// <summary>
/// What <c>Ref</c> and <c>Fn::GetAtt</c> return for the resource types a task's execution role touches, built from
/// the resource's name property or, when it has none, the name CloudFormation would generate
/// (<c>STACK-LOGICALID-…</c>; here with the fixed suffix <see cref="GeneratedSuffix"/>).
/// </summary>
// Return values: the "Return values" section of each type's page under
// https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-template-resource-type-ref.html
internal static class TemplateResources
{
    public const string GeneratedSuffix = "GENERATED";

    public static string Ref(TemplateResolver resolver, string logicalId, JsonObject resource) => TemplateResolver.TypeOf(resource) switch
    {
        "AWS::IAM::ManagedPolicy" => ManagedPolicyArn(resolver, logicalId, resource),
        "AWS::SecretsManager::Secret" => SecretArn(resolver, logicalId, resource),
        "AWS::ECS::TaskDefinition" => $"arn:{resolver.Partition}:ecs:{resolver.Region}:{resolver.Account}:task-definition/{Name(resolver, logicalId, resource, "Family")}:1",
        "AWS::KMS::Key" => KeyId(logicalId),
        _ => Name(resolver, logicalId, resource, NameProperty(TemplateResolver.TypeOf(resource))),
    };

    public static string? GetAtt(TemplateResolver resolver, string logicalId, JsonObject resource, string attribute)
    {
        var (p, region, account) = (resolver.Partition, resolver.Region, resolver.Account);
        return (TemplateResolver.TypeOf(resource), attribute) switch
        {
            ("AWS::IAM::Role", "Arn") => RoleArn(resolver, logicalId, resource),
            ("AWS::IAM::ManagedPolicy", "PolicyArn") => ManagedPolicyArn(resolver, logicalId, resource),
            ("AWS::KMS::Key", "Arn") => $"arn:{p}:kms:{region}:{account}:key/{KeyId(logicalId)}",
            ("AWS::KMS::Key", "KeyId") => KeyId(logicalId),
            ("AWS::Logs::LogGroup", "Arn") => $"arn:{p}:logs:{region}:{account}:log-group:{Ref(resolver, logicalId, resource)}:*",
            ("AWS::ECR::Repository", "Arn") => $"arn:{p}:ecr:{region}:{account}:repository/{Ref(resolver, logicalId, resource)}",
            ("AWS::ECR::Repository", "RepositoryUri") => $"{account}.dkr.ecr.{region}.{(p == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com")}/{Ref(resolver, logicalId, resource)}",
            ("AWS::S3::Bucket", "Arn") => $"arn:{p}:s3:::{Ref(resolver, logicalId, resource)}",
            ("AWS::SecretsManager::Secret", "Id") => SecretArn(resolver, logicalId, resource),
            ("AWS::SSM::Parameter", "Value") => resolver.ResolveString(TemplateResolver.Properties(resource)["Value"], $"$.Resources.{logicalId}.Properties.Value"),
            ("AWS::SSM::Parameter", "Type") => resolver.ResolveString(TemplateResolver.Properties(resource)["Type"], $"$.Resources.{logicalId}.Properties.Type"),
            ("AWS::ECS::Cluster", "Arn") => $"arn:{p}:ecs:{region}:{account}:cluster/{Ref(resolver, logicalId, resource)}",
            ("AWS::ECS::TaskDefinition", "TaskDefinitionArn") => Ref(resolver, logicalId, resource),
            _ => null,
        };
    }

    public static string RoleArn(TemplateResolver resolver, string logicalId, JsonObject resource) =>
        $"arn:{resolver.Partition}:iam::{resolver.Account}:role{IamPath(resolver, logicalId, resource)}{Ref(resolver, logicalId, resource)}";

    public static string ManagedPolicyArn(TemplateResolver resolver, string logicalId, JsonObject resource) =>
        $"arn:{resolver.Partition}:iam::{resolver.Account}:policy{IamPath(resolver, logicalId, resource)}{Name(resolver, logicalId, resource, "ManagedPolicyName")}";

    private static string SecretArn(TemplateResolver resolver, string logicalId, JsonObject resource) =>
        $"arn:{resolver.Partition}:secretsmanager:{resolver.Region}:{resolver.Account}:secret:{Name(resolver, logicalId, resource, "Name")}-AbCdEf";

    // A KMS key's id is a UUID chosen at creation: a fixed one per logical id.
    private static string KeyId(string logicalId) =>
        $"00000000-0000-4000-8000-{(uint)StableHash(logicalId):x8}0000";

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    private static string IamPath(TemplateResolver resolver, string logicalId, JsonObject resource) =>
        TemplateResolver.Properties(resource)["Path"] is { } path ? resolver.ResolveString(path, $"$.Resources.{logicalId}.Properties.Path") : "/";

    private static string? NameProperty(string? type) => type switch
    {
        "AWS::IAM::Role" => "RoleName",
        "AWS::Logs::LogGroup" => "LogGroupName",
        "AWS::ECR::Repository" => "RepositoryName",
        "AWS::S3::Bucket" => "BucketName",
        "AWS::SSM::Parameter" => "Name",
        "AWS::ECS::Cluster" => "ClusterName",
        "AWS::KMS::Alias" => "AliasName",
        "AWS::IAM::Policy" => "PolicyName",
        _ => null,
    };

    private static string Name(TemplateResolver resolver, string logicalId, JsonObject resource, string? property)
    {
        if (property is not null && TemplateResolver.Properties(resource)[property] is { } name)
        {
            return resolver.ResolveString(name, $"$.Resources.{logicalId}.Properties.{property}");
        }

        var generated = $"{resolver.StackName}-{logicalId}-{GeneratedSuffix}";
        return TemplateResolver.TypeOf(resource) is "AWS::ECR::Repository" or "AWS::S3::Bucket" ? generated.ToLowerInvariant() : generated;
    }
}
