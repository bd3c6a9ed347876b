using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Iam;

public sealed class RolePolicyTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string SecretsPolicy =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["secretsmanager:GetSecretValue","kms:Decrypt"],"Resource":["arn:aws:secretsmanager:us-east-1:000000000000:secret:db-*"]}]}""";

    private string CreateRole()
    {
        var name = $"InlineRole-{Guid.NewGuid():N}"[..40];
        stevedore.Aws("iam", "create-role", "--role-name", name, "--assume-role-policy-document", RoleTests.EcsTrust).Succeeded();
        return name;
    }

    [Fact]
    public void An_inline_policy_put_from_a_file_comes_back_decoded_by_the_cli()
    {
        var role = CreateRole();
        var dir = Directory.CreateTempSubdirectory("stevedore-inline-");
        var file = Path.Combine(dir.FullName, "policy.json");
        File.WriteAllText(file, SecretsPolicy);

        stevedore.Aws("iam", "put-role-policy", "--role-name", role, "--policy-name", "secrets", "--policy-document", $"file://{file}").Succeeded();
        var policy = stevedore.Aws("iam", "get-role-policy", "--role-name", role, "--policy-name", "secrets").Succeeded().Json;

        Assert.Equal(role, policy["RoleName"]!.GetValue<string>());
        Assert.Equal("secrets", policy["PolicyName"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(SecretsPolicy), policy["PolicyDocument"]), policy["PolicyDocument"]!.ToJsonString());
    }

    [Fact]
    public void Inline_policies_are_listed_replaced_and_deleted()
    {
        var role = CreateRole();
        foreach (var name in new[] { "gamma", "alpha", "beta" })
        {
            stevedore.Aws("iam", "put-role-policy", "--role-name", role, "--policy-name", name, "--policy-document", SecretsPolicy).Succeeded();
        }

        const string replacement = """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}""";
        stevedore.Aws("iam", "put-role-policy", "--role-name", role, "--policy-name", "beta", "--policy-document", replacement).Succeeded();

        var names = stevedore.Aws("iam", "list-role-policies", "--role-name", role).Succeeded().Json["PolicyNames"]!.AsArray()
            .Select(n => n!.GetValue<string>());
        Assert.Equal(["alpha", "beta", "gamma"], names);
        var beta = stevedore.Aws("iam", "get-role-policy", "--role-name", role, "--policy-name", "beta").Succeeded().Json;
        Assert.Equal("Deny", beta["PolicyDocument"]!["Statement"]![0]!["Effect"]!.GetValue<string>());

        stevedore.Aws("iam", "delete-role-policy", "--role-name", role, "--policy-name", "alpha").Succeeded();
        var left = stevedore.Aws("iam", "list-role-policies", "--role-name", role).Succeeded().Json["PolicyNames"]!.AsArray()
            .Select(n => n!.GetValue<string>());
        Assert.Equal(["beta", "gamma"], left);
    }

    [Fact]
    public void Errors_have_AWS_codes_and_texts()
    {
        var role = CreateRole();
        var big = $$"""{"Version":"2012-10-17","Statement":[{"Sid":"{{new string('s', 5100)}}","Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
        var output = stevedore.Python($$"""
            import boto3, botocore.exceptions
            iam = boto3.client("iam")
            def error(call, **kwargs):
                try:
                    call(**kwargs)
                    return "no error"
                except botocore.exceptions.ClientError as e:
                    return e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"]
            print(error(iam.get_role_policy, RoleName="{{role}}", PolicyName="missing"))
            print(error(iam.delete_role_policy, RoleName="{{role}}", PolicyName="missing"))
            print(error(iam.put_role_policy, RoleName="{{role}}", PolicyName="p", PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject"}]}'))
            print(error(iam.put_role_policy, RoleName="{{role}}", PolicyName="one", PolicyDocument='{{big}}'))
            print(error(iam.put_role_policy, RoleName="{{role}}", PolicyName="two", PolicyDocument='{{big}}'))
            print(error(iam.list_role_policies, RoleName="NoSuchRole-{{role}}"))
            """).Succeeded().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("NoSuchEntity: The role policy with name missing cannot be found.", output[0]);
        Assert.Equal("NoSuchEntity: The role policy with name missing cannot be found.", output[1]);
        Assert.StartsWith("MalformedPolicyDocument: ", output[2], StringComparison.Ordinal);
        Assert.Equal("no error", output[3]);
        Assert.Equal($"LimitExceeded: Maximum policy size of 10240 bytes exceeded for role {role}", output[4]);
        Assert.StartsWith("NoSuchEntity: The role with name NoSuchRole-", output[5], StringComparison.Ordinal);
    }

    [Fact]
    public void A_role_with_an_inline_policy_cannot_be_deleted()
    {
        var role = CreateRole();
        stevedore.Aws("iam", "put-role-policy", "--role-name", role, "--policy-name", "p", "--policy-document", SecretsPolicy).Succeeded();

        stevedore.Aws("iam", "delete-role", "--role-name", role).FailedWith("DeleteConflict");
    }
}
