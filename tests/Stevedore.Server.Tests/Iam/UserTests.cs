using Amazon.Runtime;
using Amazon.SecurityToken;
using Stevedore.Server.Tests.Infrastructure;
using GetCallerIdentityRequest = Amazon.SecurityToken.Model.GetCallerIdentityRequest;
using GetSessionTokenRequest = Amazon.SecurityToken.Model.GetSessionTokenRequest;

namespace Stevedore.Server.Tests.Iam;

public sealed class UserTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Account = "000000000000";

    private const string AllowGetUser = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}""";

    [Fact]
    public void A_user_is_created_with_path_and_tags_and_read_back()
    {
        var created = stevedore.Aws("iam", "create-user", "--user-name", "alice", "--path", "/team/",
            "--tags", "Key=project,Value=stevedore").Succeeded().Json["User"]!;

        Assert.Equal("alice", created["UserName"]!.GetValue<string>());
        Assert.Equal("/team/", created["Path"]!.GetValue<string>());
        Assert.Equal($"arn:aws:iam::{Account}:user/team/alice", created["Arn"]!.GetValue<string>());
        Assert.Matches("^AIDA[A-Z2-7]{17}$", created["UserId"]!.GetValue<string>());

        var read = stevedore.Aws("iam", "get-user", "--user-name", "alice").Succeeded().Json["User"]!;
        Assert.Equal(created["UserId"]!.GetValue<string>(), read["UserId"]!.GetValue<string>());
        Assert.Equal("stevedore", read["Tags"]![0]!["Value"]!.GetValue<string>());
    }

    [Fact]
    public void User_names_are_unique_without_regard_to_case()
    {
        stevedore.Aws("iam", "create-user", "--user-name", "Dup").Succeeded();

        var result = stevedore.Aws("iam", "create-user", "--user-name", "dup").FailedWith("EntityAlreadyExists");

        Assert.Contains("User with name Dup already exists.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_user_is_no_such_entity()
    {
        var result = stevedore.Aws("iam", "get-user", "--user-name", "nobody").FailedWith("NoSuchEntity");

        Assert.Contains("The user with name nobody cannot be found.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_path_is_a_validation_error()
    {
        // https://github.com/aws-cloudformation/cfn-lint/issues/722: IAM's own text, not the model's pattern message
        const string text = "The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.";
        Assert.Contains(text, stevedore.Aws("iam", "create-user", "--user-name", "pathless", "--path", "/no-trailing-slash").FailedWith("ValidationError").Stderr,
            StringComparison.Ordinal);
        Assert.Contains(text, stevedore.Aws("iam", "create-role", "--role-name", "pathless", "--path", "test/",
            "--assume-role-policy-document", """{"Version":"2012-10-17","Statement":[]}""").FailedWith("ValidationError").Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Access_keys_are_created_listed_limited_to_two_and_deleted()
    {
        stevedore.Aws("iam", "create-user", "--user-name", "keyholder").Succeeded();

        var key = stevedore.Aws("iam", "create-access-key", "--user-name", "keyholder").Succeeded().Json["AccessKey"]!;
        Assert.Matches("^AKIA[A-Z2-7]{16}$", key["AccessKeyId"]!.GetValue<string>());
        Assert.Equal(40, key["SecretAccessKey"]!.GetValue<string>().Length);
        Assert.Equal("Active", key["Status"]!.GetValue<string>());
        Assert.Equal("keyholder", key["UserName"]!.GetValue<string>());
        stevedore.Aws("iam", "create-access-key", "--user-name", "keyholder").Succeeded();

        var third = stevedore.Aws("iam", "create-access-key", "--user-name", "keyholder").FailedWith("LimitExceeded");
        Assert.Contains("Cannot exceed quota for AccessKeysPerUser: 2", third.Stderr, StringComparison.Ordinal);

        var listed = stevedore.Aws("iam", "list-access-keys", "--user-name", "keyholder").Succeeded().Json["AccessKeyMetadata"]!.AsArray();
        Assert.Equal(2, listed.Count);
        Assert.Contains(listed, k => k!["AccessKeyId"]!.GetValue<string>() == key["AccessKeyId"]!.GetValue<string>());
        Assert.All(listed, k => Assert.Null(k!["SecretAccessKey"]));

        stevedore.Aws("iam", "delete-access-key", "--user-name", "keyholder", "--access-key-id", key["AccessKeyId"]!.GetValue<string>()).Succeeded();
        Assert.Single(stevedore.Aws("iam", "list-access-keys", "--user-name", "keyholder").Succeeded().Json["AccessKeyMetadata"]!.AsArray());
        var again = stevedore.Aws("iam", "delete-access-key", "--user-name", "keyholder", "--access-key-id", key["AccessKeyId"]!.GetValue<string>())
            .FailedWith("NoSuchEntity");
        Assert.Contains($"The Access Key with id {key["AccessKeyId"]!.GetValue<string>()} cannot be found.", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_is_deleted_only_after_its_keys_and_inline_policies()
    {
        stevedore.Aws("iam", "create-user", "--user-name", "leaver").Succeeded();
        var keyId = stevedore.Aws("iam", "create-access-key", "--user-name", "leaver").Succeeded().Json["AccessKey"]!["AccessKeyId"]!.GetValue<string>();
        stevedore.Aws("iam", "put-user-policy", "--user-name", "leaver", "--policy-name", "p", "--policy-document", AllowGetUser).Succeeded();

        var keys = stevedore.Aws("iam", "delete-user", "--user-name", "leaver").FailedWith("DeleteConflict");
        Assert.Contains("Cannot delete entity, must delete access keys first.", keys.Stderr, StringComparison.Ordinal);
        stevedore.Aws("iam", "delete-access-key", "--user-name", "leaver", "--access-key-id", keyId).Succeeded();

        var policies = stevedore.Aws("iam", "delete-user", "--user-name", "leaver").FailedWith("DeleteConflict");
        Assert.Contains("Cannot delete entity, must delete policies first.", policies.Stderr, StringComparison.Ordinal);
        stevedore.Aws("iam", "delete-user-policy", "--user-name", "leaver", "--policy-name", "p").Succeeded();

        stevedore.Aws("iam", "delete-user", "--user-name", "leaver").Succeeded();
        stevedore.Aws("iam", "get-user", "--user-name", "leaver").FailedWith("NoSuchEntity");
    }

    [Fact]
    public void Boto3_puts_gets_lists_and_deletes_user_policies_with_iams_errors()
    {
        var result = stevedore.Python("""
            import boto3, json
            from botocore.exceptions import ClientError
            iam = boto3.client("iam")
            iam.create_user(UserName="pyuser")
            doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
            iam.put_user_policy(UserName="pyuser", PolicyName="b", PolicyDocument=json.dumps(doc))
            iam.put_user_policy(UserName="pyuser", PolicyName="a", PolicyDocument=json.dumps(doc))
            print(iam.list_user_policies(UserName="pyuser")["PolicyNames"])
            got = iam.get_user_policy(UserName="pyuser", PolicyName="a")
            print(got["PolicyDocument"] == doc, got["UserName"], got["PolicyName"])
            def code(f):
                try:
                    f()
                    return "ok"
                except ClientError as e:
                    return e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"]
            print(code(lambda: iam.get_user_policy(UserName="pyuser", PolicyName="missing")))
            print(code(lambda: iam.put_user_policy(UserName="pyuser", PolicyName="bad", PolicyDocument="{not json")))
            big = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::" + "x" * 2100}]}
            print(code(lambda: iam.put_user_policy(UserName="pyuser", PolicyName="big", PolicyDocument=json.dumps(big))))
            print(code(lambda: iam.put_user_policy(UserName="ghost", PolicyName="a", PolicyDocument=json.dumps(doc))))
            iam.delete_user_policy(UserName="pyuser", PolicyName="a")
            print(iam.list_user_policies(UserName="pyuser")["PolicyNames"])
            print(code(lambda: iam.delete_user_policy(UserName="pyuser", PolicyName="a")))
            """).Succeeded();

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("['a', 'b']", lines[0]);
        Assert.Equal("True pyuser a", lines[1]);
        Assert.Equal("NoSuchEntity: The user policy with name missing cannot be found.", lines[2]);
        Assert.StartsWith("MalformedPolicyDocument: ", lines[3], StringComparison.Ordinal);
        Assert.Equal("LimitExceeded: Maximum policy size of 2048 bytes exceeded for user pyuser", lines[4]);
        Assert.Equal("NoSuchEntity: The user with name ghost cannot be found.", lines[5]);
        Assert.Equal("['b']", lines[6]);
        Assert.Equal("NoSuchEntity: The user policy with name a cannot be found.", lines[7]);
    }

    [Fact]
    public void A_users_keys_are_enforced_by_its_policies()
    {
        var user = CreateUserWithKey("enforced");

        var identity = stevedore.Aws(user, "sts", "get-caller-identity").Succeeded().Json;
        Assert.Equal($"arn:aws:iam::{Account}:user/enforced", identity["Arn"]!.GetValue<string>());
        Assert.Matches("^AIDA", identity["UserId"]!.GetValue<string>());

        var denied = stevedore.Aws(user, "iam", "get-user").FailedWith("AccessDenied");
        Assert.Contains($"User: arn:aws:iam::{Account}:user/enforced is not authorized to perform: iam:GetUser on resource: " +
            $"arn:aws:iam::{Account}:user/enforced because no identity-based policy allows the iam:GetUser action", denied.Stderr, StringComparison.Ordinal);

        stevedore.Aws("iam", "put-user-policy", "--user-name", "enforced", "--policy-name", "allow", "--policy-document", AllowGetUser).Succeeded();
        var self = stevedore.Aws(user, "iam", "get-user").Succeeded().Json["User"]!;
        Assert.Equal("enforced", self["UserName"]!.GetValue<string>());

        stevedore.Aws("iam", "put-user-policy", "--user-name", "enforced", "--policy-name", "deny", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"iam:GetUser","Resource":"*"}]}""").Succeeded();
        var explicitDeny = stevedore.Aws(user, "iam", "get-user").FailedWith("AccessDenied");
        Assert.Contains("with an explicit deny in an identity-based policy", explicitDeny.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_without_permissions_cannot_create_users_or_keys()
    {
        var user = CreateUserWithKey("powerless");

        stevedore.Aws(user, "iam", "create-user", "--user-name", "minion").FailedWith("AccessDenied");
        stevedore.Aws(user, "iam", "create-access-key").FailedWith("AccessDenied");
        stevedore.Aws(user, "iam", "list-access-keys").FailedWith("AccessDenied");
    }

    [Fact]
    public void A_session_token_keeps_the_user_as_principal_and_a_forged_token_is_rejected()
    {
        var user = CreateUserWithKey("sessioner");

        var credentials = stevedore.Aws(user, "sts", "get-session-token", "--duration-seconds", "900").Succeeded().Json["Credentials"]!;
        var session = new Credentials(credentials["AccessKeyId"]!.GetValue<string>(), credentials["SecretAccessKey"]!.GetValue<string>(),
            credentials["SessionToken"]!.GetValue<string>());
        Assert.Matches("^ASIA[A-Z2-7]{16}$", session.AccessKeyId);
        Assert.Equal(40, session.SecretAccessKey.Length);
        var expiration = DateTimeOffset.Parse(credentials["Expiration"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiration - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(16));

        var identity = stevedore.Aws(session, "sts", "get-caller-identity").Succeeded().Json;
        Assert.Equal($"arn:aws:iam::{Account}:user/sessioner", identity["Arn"]!.GetValue<string>());
        stevedore.Aws(session, "iam", "get-user").FailedWith("AccessDenied");

        var nested = stevedore.Aws(session, "sts", "get-session-token").FailedWith("AccessDenied");
        Assert.Contains("Cannot call GetSessionToken with session credentials", nested.Stderr, StringComparison.Ordinal);

        stevedore.Aws(session with { SessionToken = session.SessionToken + "forged" }, "sts", "get-caller-identity").FailedWith("InvalidClientTokenId");
        stevedore.Aws(session with { SessionToken = null }, "sts", "get-caller-identity").FailedWith("InvalidClientTokenId");
    }

    [Fact]
    public void The_root_gets_a_session_token_of_at_most_an_hour()
    {
        var credentials = stevedore.Aws("sts", "get-session-token").Succeeded().Json["Credentials"]!;
        var expiration = DateTimeOffset.Parse(credentials["Expiration"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.InRange(expiration - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task The_AWS_SDK_for_dotnet_gets_a_session_token_and_calls_with_it()
    {
        var user = CreateUserWithKey("sdkuser");
        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = stevedore.EndpointUrl, AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 };
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(user.AccessKeyId, user.SecretAccessKey), config);

        var token = await sts.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 3600 });
        using var session = new AmazonSecurityTokenServiceClient(
            new SessionAWSCredentials(token.Credentials.AccessKeyId, token.Credentials.SecretAccessKey, token.Credentials.SessionToken), config);
        var identity = await session.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal($"arn:aws:iam::{Account}:user/sdkuser", identity.Arn);
        Assert.StartsWith("ASIA", token.Credentials.AccessKeyId, StringComparison.Ordinal);
    }

    private Credentials CreateUserWithKey(string name)
    {
        stevedore.Aws("iam", "create-user", "--user-name", name).Succeeded();
        var key = stevedore.Aws("iam", "create-access-key", "--user-name", name).Succeeded().Json["AccessKey"]!;
        return new Credentials(key["AccessKeyId"]!.GetValue<string>(), key["SecretAccessKey"]!.GetValue<string>());
    }
}
