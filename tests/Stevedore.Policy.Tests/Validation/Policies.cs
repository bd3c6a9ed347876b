using Stevedore.Policy.Document;
using Stevedore.Policy.Parsing;

namespace Stevedore.Policy.Tests.Validation;

/// <summary>Helpers that build small policy documents and read the error IAM would report for them.</summary>
internal static class Policies
{
    public const string Allow = """{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}""";

    public const string TrustAllow = """{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}""";

    public const string ResourceAllow = """{"Effect":"Allow","Principal":{"AWS":"123456789012"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::bucket/*"}""";

    /// <summary>A 2012-10-17 document whose Statement array holds the given statements.</summary>
    public static string Doc(params string[] statements) =>
        $$"""{"Version":"2012-10-17","Statement":[{{string.Join(",", statements)}}]}""";

    /// <summary>A 2012-10-17 document whose Statement is a single object.</summary>
    public static string Single(string statement) => $$"""{"Version":"2012-10-17","Statement":{{statement}}}""";

    /// <summary>Parses as the given type and returns the error IAM reports (the first), asserting there is one.</summary>
    public static PolicyError Reject(string json, PolicyType type = PolicyType.Identity)
    {
        var result = PolicyParser.Parse(json, type);
        Assert.False(result.Success, $"expected {type} policy to be rejected: {json}");
        Assert.Null(result.Document);
        return result.FirstError!;
    }

    public static void Accept(string json, PolicyType type = PolicyType.Identity)
    {
        var result = PolicyParser.Parse(json, type);
        Assert.True(result.Success, $"expected {type} policy to be accepted, got {result.FirstError}: {json}");
        Assert.Empty(result.Errors);
    }

    /// <summary>Validates with the rules CreatePolicy / CreatePolicyVersion apply.</summary>
    public static List<PolicyError> ValidateManaged(string json, PolicyType type = PolicyType.Identity)
    {
        var errors = new List<PolicyError>();
        var document = PolicyParser.ParseShape(json, errors);
        Assert.NotNull(document);
        Assert.Empty(errors);
        PolicyValidator.Validate(document, type, errors, ValidationOptions.Managed);
        return errors;
    }

    public static void AssertError(PolicyError error, string message, string path, string code = PolicyError.Malformed)
    {
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal(path, error.Path);
    }
}
