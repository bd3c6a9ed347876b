using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Server.Hosting;
using Stevedore.Server.Tests.Infrastructure;
using Credentials = Stevedore.Server.Tests.Infrastructure.Credentials;

namespace Stevedore.Server.Tests.Sts;

/// <summary>AssumeRole with the real CLI and boto3, roles made with <c>aws iam create-role</c>.</summary>
public sealed class AssumeRoleTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{

    private const string TrustAccount = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""";

    [Fact]
    public void The_root_assumes_a_role_and_calls_as_its_session()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "cli-role", "--assume-role-policy-document", TrustAccount).Succeeded();

        var assumed = stevedore.Aws("sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/cli-role",
            "--role-session-name", "s1").Succeeded().Json;

        Assert.Equal("arn:aws:sts::000000000000:assumed-role/cli-role/s1", assumed["AssumedRoleUser"]!["Arn"]!.GetValue<string>());
        Assert.Null(assumed["PackedPolicySize"]);
        var credentials = assumed["Credentials"]!;
        var session = new Credentials(credentials["AccessKeyId"]!.GetValue<string>(), credentials["SecretAccessKey"]!.GetValue<string>(),
            credentials["SessionToken"]!.GetValue<string>());
        var identity = stevedore.Aws(session, "sts", "get-caller-identity").Succeeded().Json;
        Assert.Equal("arn:aws:sts::000000000000:assumed-role/cli-role/s1", identity["Arn"]!.GetValue<string>());
        Assert.EndsWith(":s1", identity["UserId"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_needs_both_the_trust_policy_and_its_own_permission()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "cli-guarded", "--assume-role-policy-document", TrustAccount).Succeeded();
        stevedore.Aws("iam", "create-user", "--user-name", "cli-assumer").Succeeded();
        var key = stevedore.Aws("iam", "create-access-key", "--user-name", "cli-assumer").Succeeded().Json["AccessKey"]!;
        var user = new Credentials(key["AccessKeyId"]!.GetValue<string>(), key["SecretAccessKey"]!.GetValue<string>());

        var denied = stevedore.Aws(user, "sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/cli-guarded",
            "--role-session-name", "s1").FailedWith("AccessDenied");
        Assert.Contains("User: arn:aws:iam::000000000000:user/cli-assumer is not authorized to perform: sts:AssumeRole on resource: " +
            "arn:aws:iam::000000000000:role/cli-guarded", denied.Stderr, StringComparison.Ordinal);

        stevedore.Aws("iam", "put-user-policy", "--user-name", "cli-assumer", "--policy-name", "assume", "--policy-document",
            """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""").Succeeded();
        stevedore.Aws(user, "sts", "assume-role", "--role-arn", "arn:aws:iam::000000000000:role/cli-guarded", "--role-session-name", "s1").Succeeded();
    }

    [Fact]
    public void Session_tags_too_large_to_pack_answer_packed_policy_too_large()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "py-packed", "--assume-role-policy-document", TrustAccount).Succeeded();

        var result = stevedore.Python("""
            import boto3, secrets
            from botocore.exceptions import ClientError
            tags = [{"Key": secrets.token_hex(64), "Value": secrets.token_hex(128)} for _ in range(50)]
            try:
                boto3.client("sts").assume_role(RoleArn="arn:aws:iam::000000000000:role/py-packed", RoleSessionName="py", Tags=tags)
            except ClientError as e:
                print(e.response["Error"]["Code"], e.response["Error"]["Message"])
            """).Succeeded();

        Assert.Matches(@"^PackedPolicyTooLarge Packed size of session tags consumes \d+% of allotted space\.$", result.Stdout.Trim());
    }

    [Fact]
    public void Boto3_passes_session_policies_and_tags_and_sees_the_packed_size()
    {
        stevedore.Aws("iam", "create-role", "--role-name", "py-role", "--assume-role-policy-document", TrustAccount).Succeeded();

        var result = stevedore.Python("""
            import boto3, json
            from botocore.exceptions import ClientError
            sts = boto3.client("sts")
            arn = "arn:aws:iam::000000000000:role/py-role"
            r = sts.assume_role(RoleArn=arn, RoleSessionName="py", Tags=[{"Key": "team", "Value": "a"}],
                Policy=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
                PolicyArns=[{"arn": "arn:aws:iam::aws:policy/AdministratorAccess"}])
            print(0 < r["PackedPolicySize"] <= 100)
            try:
                sts.assume_role(RoleArn=arn, RoleSessionName="py", DurationSeconds=7200)
            except ClientError as e:
                print(e.response["Error"]["Code"], e.response["Error"]["Message"])
            try:
                sts.assume_role(RoleArn=arn, RoleSessionName="py", Policy="{not json")
            except ClientError as e:
                print(e.response["Error"]["Code"])
            """).Succeeded();

        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("True", lines[0]);
        Assert.Equal("ValidationError The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", lines[1]);
        Assert.Equal("MalformedPolicyDocument", lines[2]);
    }
}

/// <summary>
/// AssumeRole with the AWS SDK for .NET against a server whose roles are written straight into its store (so these
/// run without CreateRole) and whose clock the test moves.
/// </summary>
public sealed class AssumeRoleSdkTests : IAsyncLifetime
{
    private const string Account = "000000000000";

    private readonly ShiftedClock _clock = new();
    private CloudComposition? _cloud;

    public async Task InitializeAsync()
    {
        _cloud = await CloudComposition.StartAsync(new ServerOptions(Port: 0, Ephemeral: true), TextWriter.Null, _clock);
        SeedRole("trusting", Trust($"arn:aws:iam::{Account}:root"), inline: [new InlinePolicy("assume", AllowAssumeRole)]);
        SeedRole("names-user", Trust($"arn:aws:iam::{Account}:user/direct"));
        SeedUser("plain");
        SeedUser("direct");
    }

    public async Task DisposeAsync()
    {
        if (_cloud is not null)
        {
            await _cloud.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_root_assumes_a_role_and_the_session_is_the_caller()
    {
        var response = await Sts(Credentials.Root).AssumeRoleAsync(Request("trusting", "first"));

        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/trusting/first", response.AssumedRoleUser.Arn);
        Assert.Matches("^AROA[A-Z2-7]{17}:first$", response.AssumedRoleUser.AssumedRoleId);
        Assert.Matches("^ASIA[A-Z2-7]{16}$", response.Credentials.AccessKeyId);
        Assert.Equal(40, response.Credentials.SecretAccessKey.Length);
#pragma warning disable CS0618 // PackedPolicySize is what Stevedore's (and botocore's) model still returns
        Assert.Null(response.PackedPolicySize);
#pragma warning restore CS0618
        Assert.InRange(response.Credentials.Expiration!.Value.ToUniversalTime() - DateTime.UtcNow, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));

        var identity = await Sts(Session(response)).GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/trusting/first", identity.Arn);
        Assert.Equal(response.AssumedRoleUser.AssumedRoleId, identity.UserId);
    }

    [Fact]
    public async Task A_user_without_permission_is_denied_and_a_missing_role_is_denied_alike()
    {
        var plain = Sts(Key("plain"));

        var denied = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => plain.AssumeRoleAsync(Request("trusting", "s1")));
        var missing = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => plain.AssumeRoleAsync(Request("no-such-role", "s1")));

        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Equal($"User: arn:aws:iam::{Account}:user/plain is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{Account}:role/trusting",
            denied.Message);
        Assert.Equal("AccessDenied", missing.ErrorCode);
        Assert.Equal($"User: arn:aws:iam::{Account}:user/plain is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{Account}:role/no-such-role",
            missing.Message);

        var root = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => Sts(Credentials.Root).AssumeRoleAsync(Request("no-such-role", "s1")));
        Assert.Equal("AccessDenied", root.ErrorCode);
    }

    [Fact]
    public async Task A_trust_policy_naming_the_user_is_enough_without_identity_permission()
    {
        var response = await Sts(Key("direct")).AssumeRoleAsync(Request("names-user", "d1"));

        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/names-user/d1", response.AssumedRoleUser.Arn);
    }

    [Fact]
    public async Task Durations_are_held_to_the_role_and_to_one_hour_when_chaining()
    {
        var sts = Sts(Credentials.Root);
        var request = Request("trusting", "long");
        request.DurationSeconds = 7200;
        var tooLong = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleAsync(request));
        Assert.Equal("ValidationError", tooLong.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", tooLong.Message);

        SeedRole("long-lived", Trust($"arn:aws:iam::{Account}:root"), maxSessionDuration: 43200);
        var first = await sts.AssumeRoleAsync(Request("trusting", "hop1"));
        var chained = Request("long-lived", "hop2");
        chained.DurationSeconds = 7200;
        var capped = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => Sts(Session(first)).AssumeRoleAsync(chained));
        Assert.Equal("ValidationError", capped.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", capped.Message);

        chained.DurationSeconds = 3600;
        var second = await Sts(Session(first)).AssumeRoleAsync(chained);
        Assert.Equal($"arn:aws:sts::{Account}:assumed-role/long-lived/hop2", second.AssumedRoleUser.Arn);
    }

    [Fact]
    public async Task Session_policies_report_their_packed_size_and_malformed_ones_are_rejected()
    {
        var sts = Sts(Credentials.Root);
        var request = Request("trusting", "scoped");
        request.Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
        request.PolicyArns = [new PolicyDescriptorType { Arn = "arn:aws:iam::aws:policy/AdministratorAccess" }];
        request.Tags = [new Amazon.SecurityToken.Model.Tag { Key = "team", Value = "blue" }];

        var response = await sts.AssumeRoleAsync(request);
#pragma warning disable CS0618 // PackedPolicySize is what Stevedore's (and botocore's) model still returns
        Assert.InRange(response.PackedPolicySize!.Value, 1, 100);
#pragma warning restore CS0618

        request.Policy = "{not json";
        var malformed = await Assert.ThrowsAsync<MalformedPolicyDocumentException>(() => sts.AssumeRoleAsync(request));
        Assert.Equal("MalformedPolicyDocument", malformed.ErrorCode);
    }

    [Fact]
    public async Task A_session_policy_narrows_what_the_session_may_do()
    {
        var sts = Sts(Credentials.Root);
        var open = await sts.AssumeRoleAsync(Request("trusting", "open"));
        var scopedRequest = Request("trusting", "scoped-down");
        scopedRequest.Policy = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";
        var scoped = await sts.AssumeRoleAsync(scopedRequest);

        // The role's own policy allows sts:AssumeRole (and its trust allows the account): the open session may chain.
        await Sts(Session(open)).AssumeRoleAsync(Request("trusting", "chained"));
        var denied = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(
            () => Sts(Session(scoped)).AssumeRoleAsync(Request("trusting", "chained")));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.StartsWith($"User: arn:aws:sts::{Account}:assumed-role/trusting/scoped-down is not authorized", denied.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Temporary_credentials_expire_by_the_servers_clock()
    {
        _clock.Offset = TimeSpan.FromSeconds(-60);
        var request = Request("trusting", "brief");
        request.DurationSeconds = 900;
        var session = Sts(Session(await Sts(Credentials.Root).AssumeRoleAsync(request)));
        await session.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        // 870 s later by the server's clock: past the 900 s life, but within the 15-minute signing skew.
        _clock.Offset = TimeSpan.FromSeconds(870);
        var expired = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => session.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("ExpiredToken", expired.ErrorCode);
        _clock.Offset = TimeSpan.Zero;
    }

    private const string AllowAssumeRole = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""";

    private static string Trust(string principal) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"{{principal}}"},"Action":"sts:AssumeRole"}]}""";

    private static AssumeRoleRequest Request(string role, string session) =>
        new() { RoleArn = $"arn:aws:iam::{Account}:role/{role}", RoleSessionName = session };

    private AmazonSecurityTokenServiceClient Sts(Credentials credentials) => new(
        credentials.SessionToken is { } token
            ? new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, token)
            : new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey),
        new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = _cloud!.Server.Endpoint.ToString().TrimEnd('/'),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });

    private static Credentials Session(AssumeRoleResponse response) =>
        new(response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.Credentials.SessionToken);

    private static Credentials Key(string user) => new($"AKIATEST{user.ToUpperInvariant().PadRight(12, 'X')[..12]}", "secret-of-" + user);

    private void SeedRole(string name, string trust, IReadOnlyList<InlinePolicy>? inline = null, int maxSessionDuration = 3600)
    {
        var role = new Role(Account, name, new IamIds().UniqueId(IamIds.RolePrefix), "/", $"arn:aws:iam::{Account}:role/{name}",
            DateTimeOffset.UtcNow, trust, null, maxSessionDuration, null, [], inline ?? [], []);
        _cloud!.Store.Write(tx => tx.Insert(IamStore.RoleKey(Account, name), IamStore.Write(role), role.RoleId));
    }

    private void SeedUser(string name)
    {
        var user = new User(Account, name, new IamIds().UniqueId(IamIds.UserPrefix), "/", $"arn:aws:iam::{Account}:user/{name}",
            DateTimeOffset.UtcNow, null, [], [], []);
        var credentials = Key(name);
        var key = new AccessKey(credentials.AccessKeyId, credentials.SecretAccessKey, Account, name, "Active", DateTimeOffset.UtcNow);
        _cloud!.Store.Write(tx =>
        {
            tx.Insert(IamStore.UserKey(Account, name), IamStore.Write(user), user.UserId);
            tx.Insert(IamStore.AccessKeyKey(key.AccessKeyId), IamStore.Write(key));
        });
    }

    /// <summary>The system clock moved by an offset the test sets.</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
    }
}
