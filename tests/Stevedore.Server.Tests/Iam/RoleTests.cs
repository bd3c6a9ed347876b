using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Iam;

public sealed class RoleTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    internal const string EcsTrust =
        """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..40];

    private JsonNode CreateRole(string name, params string[] extra) =>
        stevedore.Aws(["iam", "create-role", "--role-name", name, "--assume-role-policy-document", EcsTrust, .. extra]).Succeeded().Json["Role"]!;

    [Fact]
    public void A_role_created_from_a_trust_policy_file_is_read_back_as_AWS_forms_it()
    {
        var name = Unique("ecsTaskExecutionRole");
        var dir = Directory.CreateTempSubdirectory("stevedore-trust-");
        var file = Path.Combine(dir.FullName, "trust.json");
        File.WriteAllText(file, """
            {
              "Version": "2012-10-17",
              "Statement": [
                { "Sid": "", "Effect": "Allow", "Principal": { "Service": "ecs-tasks.amazonaws.com" }, "Action": "sts:AssumeRole" }
              ]
            }
            """);

        var created = stevedore.Aws("iam", "create-role", "--role-name", name, "--assume-role-policy-document", $"file://{file}",
            "--description", "runs tasks").Succeeded().Json["Role"]!;

        Assert.Equal(name, created["RoleName"]!.GetValue<string>());
        Assert.Equal("/", created["Path"]!.GetValue<string>());
        Assert.Equal($"arn:aws:iam::000000000000:role/{name}", created["Arn"]!.GetValue<string>());
        Assert.Matches("^AROA[A-Z2-7]{17}$", created["RoleId"]!.GetValue<string>());
        Assert.Equal("runs tasks", created["Description"]!.GetValue<string>());
        Assert.Null(created["MaxSessionDuration"]);
        Assert.Null(created["RoleLastUsed"]);
        Assert.Equal("ecs-tasks.amazonaws.com",
            created["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["Service"]!.GetValue<string>());

        var role = stevedore.Aws("iam", "get-role", "--role-name", name).Succeeded().Json["Role"]!;
        Assert.Equal(created["RoleId"]!.GetValue<string>(), role["RoleId"]!.GetValue<string>());
        Assert.Equal(3600, role["MaxSessionDuration"]!.GetValue<int>());
        Assert.NotNull(role["RoleLastUsed"]);
        Assert.Equal(created["CreateDate"]!.GetValue<string>(), role["CreateDate"]!.GetValue<string>());
        Assert.Equal("sts:AssumeRole", role["AssumeRolePolicyDocument"]!["Statement"]![0]!["Action"]!.GetValue<string>());
    }

    [Fact]
    public void Role_names_are_found_without_regard_to_case()
    {
        var name = Unique("CaseRole");
        CreateRole(name);

        var role = stevedore.Aws("iam", "get-role", "--role-name", name.ToLowerInvariant()).Succeeded().Json["Role"]!;

        Assert.Equal(name, role["RoleName"]!.GetValue<string>());
    }

    [Fact]
    public void A_path_and_max_session_duration_are_kept()
    {
        var name = Unique("PathRole");
        var created = CreateRole(name, "--path", "/service-role/team/", "--max-session-duration", "7200");

        Assert.Equal($"arn:aws:iam::000000000000:role/service-role/team/{name}", created["Arn"]!.GetValue<string>());
        var role = stevedore.Aws("iam", "get-role", "--role-name", name).Succeeded().Json["Role"]!;
        Assert.Equal("/service-role/team/", role["Path"]!.GetValue<string>());
        Assert.Equal(7200, role["MaxSessionDuration"]!.GetValue<int>());
    }

    [Fact]
    public void List_roles_pages_two_at_a_time_in_name_order_under_a_path_prefix()
    {
        var prefix = $"/page-{Guid.NewGuid():N}/";
        var names = Enumerable.Range(0, 5).Select(i => $"r{4 - i}-{Guid.NewGuid():N}"[..20]).ToList();
        foreach (var name in names)
        {
            CreateRole(name, "--path", prefix);
        }

        CreateRole(Unique("Elsewhere"));

        var seen = new List<string>();
        string? marker = null;
        var pages = 0;
        do
        {
            var args = new List<string> { "iam", "list-roles", "--path-prefix", prefix, "--page-size", "2", "--max-items", "2" };
            if (marker is not null)
            {
                args.AddRange(["--starting-token", marker]);
            }

            var page = stevedore.Aws([.. args]).Succeeded().Json;
            var roles = page["Roles"]!.AsArray();
            Assert.True(roles.Count <= 2);
            seen.AddRange(roles.Select(r => r!["RoleName"]!.GetValue<string>()));
            marker = page["NextToken"]?.GetValue<string>();
            pages++;
        }
        while (marker is not null && pages < 10);

        Assert.Equal(names.Order(StringComparer.OrdinalIgnoreCase), seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public void List_roles_with_boto3_reports_truncation_and_marker()
    {
        var prefix = $"/boto-{Guid.NewGuid():N}/";
        for (var i = 0; i < 5; i++)
        {
            CreateRole($"b{i}-{Guid.NewGuid():N}"[..20], "--path", prefix);
        }

        var output = stevedore.Python($$"""
            import boto3
            iam = boto3.client("iam")
            names, marker, pages = [], None, []
            while True:
                kwargs = {"PathPrefix": "{{prefix}}", "MaxItems": 2}
                if marker:
                    kwargs["Marker"] = marker
                page = iam.list_roles(**kwargs)
                names += [r["RoleName"] for r in page["Roles"]]
                pages.append((len(page["Roles"]), page["IsTruncated"]))
                if not page["IsTruncated"]:
                    assert "Marker" not in page
                    break
                marker = page["Marker"]
            print(pages, len(names), names == sorted(names, key=str.lower))
            """).Succeeded().Stdout.Trim();

        Assert.Equal("[(2, True), (2, True), (1, False)] 5 True", output);
    }

    [Fact]
    public void Update_role_changes_description_and_max_session_duration()
    {
        var name = Unique("UpdRole");
        CreateRole(name, "--description", "before");

        stevedore.Aws("iam", "update-role", "--role-name", name, "--description", "after", "--max-session-duration", "43200").Succeeded();
        var role = stevedore.Aws("iam", "get-role", "--role-name", name).Succeeded().Json["Role"]!;
        Assert.Equal("after", role["Description"]!.GetValue<string>());
        Assert.Equal(43200, role["MaxSessionDuration"]!.GetValue<int>());

        var described = stevedore.Aws("iam", "update-role-description", "--role-name", name, "--description", "third").Succeeded().Json["Role"]!;
        Assert.Equal("third", described["Description"]!.GetValue<string>());
        Assert.Equal(name, described["RoleName"]!.GetValue<string>());
    }

    [Fact]
    public void Update_assume_role_policy_replaces_the_trust_policy()
    {
        var name = Unique("TrustRole");
        CreateRole(name);
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""";

        stevedore.Aws("iam", "update-assume-role-policy", "--role-name", name, "--policy-document", trust).Succeeded();

        var role = stevedore.Aws("iam", "get-role", "--role-name", name).Succeeded().Json["Role"]!;
        Assert.Equal("arn:aws:iam::000000000000:root", role["AssumeRolePolicyDocument"]!["Statement"]![0]!["Principal"]!["AWS"]!.GetValue<string>());
        stevedore.Aws("iam", "update-assume-role-policy", "--role-name", name, "--policy-document", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}""")
            .FailedWith("MalformedPolicyDocument");
    }

    [Fact]
    public void Tags_are_added_listed_replaced_and_removed()
    {
        var name = Unique("TagRole");
        var created = CreateRole(name, "--tags", "Key=team,Value=platform", "Key=env,Value=dev");
        Assert.Equal(2, created["Tags"]!.AsArray().Count);

        stevedore.Aws("iam", "tag-role", "--role-name", name, "--tags", "Key=env,Value=prod", "Key=cost,Value=42").Succeeded();
        var tags = stevedore.Aws("iam", "list-role-tags", "--role-name", name).Succeeded().Json["Tags"]!.AsArray()
            .ToDictionary(t => t!["Key"]!.GetValue<string>(), t => t!["Value"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["team"] = "platform", ["env"] = "prod", ["cost"] = "42" }, tags);

        stevedore.Aws("iam", "untag-role", "--role-name", name, "--tag-keys", "team", "cost").Succeeded();
        var role = stevedore.Aws("iam", "get-role", "--role-name", name).Succeeded().Json["Role"]!;
        var left = Assert.Single(role["Tags"]!.AsArray());
        Assert.Equal("env", left!["Key"]!.GetValue<string>());
    }

    [Fact]
    public void Role_tags_page_and_stop_at_fifty()
    {
        var name = Unique("ManyTags");
        var output = stevedore.Python($$"""
            import boto3, botocore.exceptions
            iam = boto3.client("iam")
            iam.create_role(RoleName="{{name}}", AssumeRolePolicyDocument='{{EcsTrust}}', Tags=[{"Key": f"k{i:02}", "Value": "v"} for i in range(30)])
            iam.tag_role(RoleName="{{name}}", Tags=[{"Key": f"k{i:02}", "Value": "w"} for i in range(20, 50)])
            first = iam.list_role_tags(RoleName="{{name}}", MaxItems=40)
            rest = iam.list_role_tags(RoleName="{{name}}", MaxItems=40, Marker=first["Marker"])
            print(len(first["Tags"]), first["IsTruncated"], len(rest["Tags"]), rest["IsTruncated"])
            try:
                iam.tag_role(RoleName="{{name}}", Tags=[{"Key": "one-too-many", "Value": "v"}])
            except botocore.exceptions.ClientError as e:
                print(e.response["Error"]["Code"])
            print(iam.get_role(RoleName="{{name}}")["Role"]["RoleLastUsed"])
            """).Succeeded().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["40 True 10 False", "LimitExceeded", "{}"], output);
    }

    [Fact]
    public void Duplicate_tag_keys_differing_in_case_are_invalid_input()
    {
        var result = stevedore.Aws("iam", "create-role", "--role-name", Unique("DupTags"), "--assume-role-policy-document", EcsTrust,
            "--tags", "Key=Team,Value=a", "Key=team,Value=b").FailedWith("InvalidInput");

        Assert.Contains("Duplicate tag keys found. Please note that Tag keys are case insensitive.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_permissions_boundary_must_exist_and_can_be_put_and_deleted()
    {
        const string boundary = "arn:aws:iam::aws:policy/AdministratorAccess";
        var name = Unique("BoundRole");
        var created = CreateRole(name, "--permissions-boundary", boundary);
        Assert.Equal(boundary, created["PermissionsBoundary"]!["PermissionsBoundaryArn"]!.GetValue<string>());
        Assert.Equal("Policy", created["PermissionsBoundary"]!["PermissionsBoundaryType"]!.GetValue<string>());

        stevedore.Aws("iam", "delete-role-permissions-boundary", "--role-name", name).Succeeded();
        Assert.Null(stevedore.Aws("iam", "get-role", "--role-name", name).Succeeded().Json["Role"]!["PermissionsBoundary"]);

        const string missing = "arn:aws:iam::000000000000:policy/NoSuchBoundaryPolicy";
        var result = stevedore.Aws("iam", "put-role-permissions-boundary", "--role-name", name, "--permissions-boundary", missing).FailedWith("NoSuchEntity");
        Assert.Contains($"Scope ARN: {missing} does not exist or is not attachable.", result.Stderr, StringComparison.Ordinal);

        stevedore.Aws("iam", "put-role-permissions-boundary", "--role-name", name, "--permissions-boundary", "arn:aws:iam::aws:policy/CloudWatchLogsFullAccess").Succeeded();
        var role = stevedore.Aws("iam", "get-role", "--role-name", name).Succeeded().Json["Role"]!;
        Assert.Equal("arn:aws:iam::aws:policy/CloudWatchLogsFullAccess", role["PermissionsBoundary"]!["PermissionsBoundaryArn"]!.GetValue<string>());

        stevedore.Aws("iam", "create-role", "--role-name", Unique("BoundRole"), "--assume-role-policy-document", EcsTrust,
            "--permissions-boundary", missing).FailedWith("NoSuchEntity");
    }

    [Fact]
    public void Delete_role_removes_it_and_is_refused_while_inline_policies_remain()
    {
        var name = Unique("DelRole");
        CreateRole(name);
        stevedore.Aws("iam", "put-role-policy", "--role-name", name, "--policy-name", "inline",
            "--policy-document", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""").Succeeded();

        var conflict = stevedore.Aws("iam", "delete-role", "--role-name", name).FailedWith("DeleteConflict");
        Assert.Contains("Cannot delete entity, must delete policies first.", conflict.Stderr, StringComparison.Ordinal);

        stevedore.Aws("iam", "delete-role-policy", "--role-name", name, "--policy-name", "inline").Succeeded();
        stevedore.Aws("iam", "delete-role", "--role-name", name).Succeeded();
        var gone = stevedore.Aws("iam", "get-role", "--role-name", name).FailedWith("NoSuchEntity");
        Assert.Contains($"The role with name {name} cannot be found.", gone.Stderr, StringComparison.Ordinal);
        stevedore.Aws("iam", "delete-role", "--role-name", name).FailedWith("NoSuchEntity");
    }

    [Fact]
    public void Creating_a_role_twice_is_entity_already_exists()
    {
        var name = Unique("TwiceRole");
        CreateRole(name);

        var result = stevedore.Aws("iam", "create-role", "--role-name", name.ToUpperInvariant(), "--assume-role-policy-document", EcsTrust)
            .FailedWith("EntityAlreadyExists");
        Assert.Contains($"Role with name {name.ToUpperInvariant()} already exists.", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_concurrent_creates_of_one_name_give_one_success_and_one_entity_already_exists()
    {
        var name = Unique("RaceRole");
        var output = stevedore.Python($$"""
            import boto3, threading, botocore.exceptions
            trust = '{{EcsTrust}}'
            barrier = threading.Barrier(2)
            results = []
            def create():
                iam = boto3.session.Session().client("iam")
                barrier.wait()
                try:
                    iam.create_role(RoleName="{{name}}", AssumeRolePolicyDocument=trust)
                    results.append("ok")
                except botocore.exceptions.ClientError as e:
                    results.append(e.response["Error"]["Code"])
            threads = [threading.Thread(target=create) for _ in range(2)]
            [t.start() for t in threads]
            [t.join() for t in threads]
            print(sorted(results))
            """).Succeeded().Stdout.Trim();

        Assert.Equal("['EntityAlreadyExists', 'ok']", output);
    }

    [Fact]
    public void Errors_have_AWS_codes_and_texts()
    {
        var name = Unique("ErrRole");
        var longTrust = $$"""{"Version":"2012-10-17","Statement":[{"Sid":"{{new string('a', 2100)}}","Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        var output = stevedore.Python($$"""
            import boto3, botocore.exceptions
            from botocore.config import Config
            iam = boto3.client("iam", config=Config(parameter_validation=False))
            def error(**kwargs):
                try:
                    iam.create_role(**kwargs)
                    return "no error"
                except botocore.exceptions.ClientError as e:
                    return e.response["Error"]["Code"] + ": " + e.response["Error"]["Message"]
            trust = '{{EcsTrust}}'
            print(error(RoleName="{{name}}", AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole","Resource":"*"}]}'))
            print(error(RoleName="{{name}}", AssumeRolePolicyDocument='{{longTrust}}'))
            print(error(RoleName="{{name}}", AssumeRolePolicyDocument=trust, MaxSessionDuration=100))
            print(error(RoleName="bad/name", AssumeRolePolicyDocument=trust))
            try:
                iam.get_role(RoleName="{{name}}")
            except botocore.exceptions.ClientError as e:
                print(e.response["Error"]["Code"], e.response["ResponseMetadata"]["HTTPStatusCode"])
            """, null).Succeeded().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("MalformedPolicyDocument: Has prohibited field Resource", output[0], StringComparison.Ordinal);
        Assert.Equal("LimitExceeded: Cannot exceed quota for ACLSizePerRole: 2048", output[1]);
        Assert.StartsWith("ValidationError: 1 validation error detected: Value '100' at 'maxSessionDuration'", output[2], StringComparison.Ordinal);
        Assert.StartsWith("ValidationError: 1 validation error detected: Value 'bad/name' at 'roleName'", output[3], StringComparison.Ordinal);
        Assert.Equal("NoSuchEntity 404", output[4]);
    }

    [Fact]
    public void A_path_that_does_not_begin_and_end_with_a_slash_is_a_validation_error()
    {
        stevedore.Aws("iam", "create-role", "--role-name", Unique("BadPath"), "--path", "no-slashes", "--assume-role-policy-document", EcsTrust)
            .FailedWith("ValidationError");
    }
}
