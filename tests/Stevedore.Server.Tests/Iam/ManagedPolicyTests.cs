using System.Text.Json.Nodes;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Iam;

public sealed class ManagedPolicyTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    private const string EcsExecutionPolicy = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    [Fact]
    public void The_cli_creates_a_policy_and_gets_it_back_with_its_description_and_tags()
    {
        var name = Unique("create");

        var created = stevedore.Aws("iam", "create-policy", "--policy-name", name, "--path", "/team/",
            "--description", "reads objects", "--policy-document", Document, "--tags", "Key=owner,Value=ops").Succeeded().Json["Policy"]!;

        Assert.Equal($"arn:aws:iam::000000000000:policy/team/{name}", created["Arn"]!.GetValue<string>());
        Assert.Equal("/team/", created["Path"]!.GetValue<string>());
        Assert.Equal("v1", created["DefaultVersionId"]!.GetValue<string>());
        Assert.Equal(0, created["AttachmentCount"]!.GetValue<int>());
        Assert.True(created["IsAttachable"]!.GetValue<bool>());
        Assert.Matches("^ANPA[A-Z2-7]{17}$", created["PolicyId"]!.GetValue<string>());

        var got = stevedore.Aws("iam", "get-policy", "--policy-arn", created["Arn"]!.GetValue<string>()).Succeeded().Json["Policy"]!;
        Assert.Equal(name, got["PolicyName"]!.GetValue<string>());
        Assert.Equal("reads objects", got["Description"]!.GetValue<string>());
        Assert.Equal(0, got["PermissionsBoundaryUsageCount"]!.GetValue<int>());
        Assert.Equal(created["PolicyId"]!.GetValue<string>(), got["PolicyId"]!.GetValue<string>());
        Assert.Equal("ops", got["Tags"]!.AsArray().Single()!["Value"]!.GetValue<string>());
    }

    [Fact]
    public void A_second_policy_with_the_same_name_is_refused_whatever_its_path_and_case()
    {
        var name = Unique("dup");
        stevedore.Aws("iam", "create-policy", "--policy-name", name, "--policy-document", Document).Succeeded();

        var again = stevedore.Aws("iam", "create-policy", "--policy-name", name.ToUpperInvariant(), "--path", "/other/", "--policy-document", Document)
            .FailedWith("EntityAlreadyExists");

        Assert.Contains($"A policy called {name.ToUpperInvariant()} already exists. Duplicate names are not allowed.", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_are_limited_to_five_their_ids_are_never_reused_and_the_default_is_protected()
    {
        var result = stevedore.Python($$"""
            import boto3, json
            iam = boto3.client("iam")
            doc = {{Quote(Document)}}
            arn = iam.create_policy(PolicyName="{{Unique("versions")}}", PolicyDocument=doc)["Policy"]["Arn"]
            for _ in range(4):
                iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc)
            out = {}
            try:
                iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc)
            except iam.exceptions.LimitExceededException as e:
                out["limit"] = e.response["Error"]["Message"]
            iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
            v = iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc, SetAsDefault=True)["PolicyVersion"]
            out["new"] = [v["VersionId"], v["IsDefaultVersion"]]
            out["listed"] = [[x["VersionId"], x["IsDefaultVersion"]] for x in iam.list_policy_versions(PolicyArn=arn)["Versions"]]
            out["default"] = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
            try:
                iam.delete_policy_version(PolicyArn=arn, VersionId="v6")
            except iam.exceptions.DeleteConflictException as e:
                out["deleteDefault"] = e.response["Error"]["Message"]
            iam.set_default_policy_version(PolicyArn=arn, VersionId="v3")
            out["afterSet"] = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
            try:
                iam.get_policy_version(PolicyArn=arn, VersionId="v2")
            except iam.exceptions.NoSuchEntityException as e:
                out["gone"] = e.response["Error"]["Message"]
            print(json.dumps(out))
            """).Succeeded().Json;

        Assert.Equal("A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.",
            result["limit"]!.GetValue<string>());
        Assert.Equal("""["v6",true]""", result["new"]!.ToJsonString());
        Assert.Equal("""[["v6",true],["v5",false],["v4",false],["v3",false],["v1",false]]""", result["listed"]!.ToJsonString());
        Assert.Equal("v6", result["default"]!.GetValue<string>());
        Assert.Equal("Cannot delete the default version of a policy.", result["deleteDefault"]!.GetValue<string>());
        Assert.Equal("v3", result["afterSet"]!.GetValue<string>());
        Assert.Contains("version v2 does not exist", result["gone"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_is_deleted_only_after_its_other_versions()
    {
        var arn = stevedore.Aws("iam", "create-policy", "--policy-name", Unique("delete"), "--policy-document", Document)
            .Succeeded().Json["Policy"]!["Arn"]!.GetValue<string>();
        stevedore.Aws("iam", "create-policy-version", "--policy-arn", arn, "--policy-document", Document).Succeeded();

        var refused = stevedore.Aws("iam", "delete-policy", "--policy-arn", arn).FailedWith("DeleteConflict");
        Assert.Contains("This policy has more than one version.", refused.Stderr, StringComparison.Ordinal);

        stevedore.Aws("iam", "delete-policy-version", "--policy-arn", arn, "--version-id", "v2").Succeeded();
        stevedore.Aws("iam", "delete-policy", "--policy-arn", arn).Succeeded();
        var gone = stevedore.Aws("iam", "get-policy", "--policy-arn", arn).FailedWith("NoSuchEntity");
        Assert.Contains($"Policy {arn} was not found.", gone.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cli_prints_a_policy_version_document_decoded()
    {
        const string document = """{"Version":"2012-10-17","Statement":[{"Sid":"Logs1","Effect":"Allow","Action":"logs:PutLogEvents","Resource":"arn:aws:logs:*:*:log-group:/ecs/my app&more+=:*"}]}""";
        var arn = stevedore.Aws("iam", "create-policy", "--policy-name", Unique("decoded"), "--policy-document", document)
            .Succeeded().Json["Policy"]!["Arn"]!.GetValue<string>();

        var version = stevedore.Aws("iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1").Succeeded().Json["PolicyVersion"]!;

        Assert.True(version["IsDefaultVersion"]!.GetValue<bool>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(document), version["Document"]));
    }

    [Fact]
    public void The_ecs_task_execution_policy_is_in_the_aws_managed_catalog()
    {
        var policy = stevedore.Aws("iam", "get-policy", "--policy-arn", EcsExecutionPolicy).Succeeded().Json["Policy"]!;

        Assert.Equal("AmazonECSTaskExecutionRolePolicy", policy["PolicyName"]!.GetValue<string>());
        Assert.Equal("/service-role/", policy["Path"]!.GetValue<string>());
        Assert.Equal("v1", policy["DefaultVersionId"]!.GetValue<string>());
        Assert.True(policy["IsAttachable"]!.GetValue<bool>());

        var version = stevedore.Aws("iam", "get-policy-version", "--policy-arn", EcsExecutionPolicy, "--version-id", "v1").Succeeded().Json["PolicyVersion"]!;
        var actions = version["Document"]!["Statement"]!.AsArray().SelectMany(s => s!["Action"]!.AsArray()).Select(a => a!.GetValue<string>());
        Assert.Contains("ecr:GetAuthorizationToken", actions);
    }

    [Fact]
    public void Aws_managed_policies_cannot_be_changed_by_customers()
    {
        stevedore.Aws("iam", "create-policy-version", "--policy-arn", EcsExecutionPolicy, "--policy-document", Document).FailedWith("AccessDenied");
        var delete = stevedore.Aws("iam", "delete-policy", "--policy-arn", EcsExecutionPolicy).FailedWith("AccessDenied");

        Assert.Contains("Cannot delete policies outside your own account.", delete.Stderr, StringComparison.Ordinal);
        stevedore.Aws("iam", "get-policy", "--policy-arn", EcsExecutionPolicy).Succeeded();
    }

    [Fact]
    public void Another_accounts_policy_is_out_of_reach()
    {
        var arn = stevedore.Aws(Credentials.OtherRoot, "iam", "create-policy", "--policy-name", Unique("theirs"), "--policy-document", Document)
            .Succeeded().Json["Policy"]!["Arn"]!.GetValue<string>();

        Assert.StartsWith($"arn:aws:iam::{StevedoreFixture.OtherAccount}:policy/", arn, StringComparison.Ordinal);
        // IAM policies have no resource policy: another account's are out of reach even for a root user.
        stevedore.Aws("iam", "get-policy", "--policy-arn", arn).FailedWith("AccessDenied");
        stevedore.Aws("iam", "create-policy-version", "--policy-arn", arn, "--policy-document", Document).FailedWith("AccessDenied");
        stevedore.Aws(Credentials.OtherRoot, "iam", "get-policy", "--policy-arn", arn).Succeeded();
    }

    [Fact]
    public void List_policies_separates_the_scopes()
    {
        var name = Unique("scoped");
        stevedore.Aws("iam", "create-policy", "--policy-name", name, "--policy-document", Document).Succeeded();

        var result = stevedore.Python($$"""
            import boto3, json
            iam = boto3.client("iam")
            def arns(**kw):
                return [p["Arn"] for page in iam.get_paginator("list_policies").paginate(**kw) for p in page["Policies"]]
            print(json.dumps({"local": arns(Scope="Local"), "aws": arns(Scope="AWS"), "all": arns(),
                              "attachedAws": arns(Scope="AWS", OnlyAttached=True), "servicerole": arns(Scope="AWS", PathPrefix="/service-role/")}))
            """).Succeeded().Json;

        var mine = $"arn:aws:iam::000000000000:policy/{name}";
        var local = Strings(result["local"]);
        var aws = Strings(result["aws"]);
        Assert.Contains(mine, local);
        Assert.All(local, arn => Assert.StartsWith("arn:aws:iam::000000000000:", arn, StringComparison.Ordinal));
        Assert.Contains("arn:aws:iam::aws:policy/AdministratorAccess", aws);
        Assert.Contains(EcsExecutionPolicy, aws);
        Assert.DoesNotContain(mine, aws);
        Assert.Contains(mine, Strings(result["all"]));
        Assert.Contains(EcsExecutionPolicy, Strings(result["all"]));
        Assert.DoesNotContain(EcsExecutionPolicy, Strings(result["attachedAws"]));
        Assert.Equal([EcsExecutionPolicy], Strings(result["servicerole"]).Where(a => a.Contains("ECS", StringComparison.Ordinal)));
    }

    [Fact]
    public void List_policies_pages_with_max_items_and_marker()
    {
        var path = $"/{Unique("page")}/";
        foreach (var suffix in new[] { "a", "b", "c" })
        {
            stevedore.Aws("iam", "create-policy", "--policy-name", Unique("page") + suffix, "--path", path, "--policy-document", Document).Succeeded();
        }

        var result = stevedore.Python($$"""
            import boto3, json
            iam = boto3.client("iam")
            first = iam.list_policies(Scope="Local", PathPrefix="{{path}}", MaxItems=2)
            second = iam.list_policies(Scope="Local", PathPrefix="{{path}}", MaxItems=2, Marker=first["Marker"])
            print(json.dumps({"first": [p["PolicyName"] for p in first["Policies"]], "firstTruncated": first["IsTruncated"],
                              "second": [p["PolicyName"] for p in second["Policies"]], "secondTruncated": second["IsTruncated"],
                              "secondMarker": "Marker" in second}))
            """).Succeeded().Json;

        Assert.Equal(2, result["first"]!.AsArray().Count);
        Assert.True(result["firstTruncated"]!.GetValue<bool>());
        Assert.Single(result["second"]!.AsArray());
        Assert.False(result["secondTruncated"]!.GetValue<bool>());
        Assert.False(result["secondMarker"]!.GetValue<bool>());
        Assert.Empty(Strings(result["first"]).Intersect(Strings(result["second"])));
    }

    [Fact]
    public void A_policy_without_a_version_is_a_malformed_document()
    {
        var result = stevedore.Aws("iam", "create-policy", "--policy-name", Unique("noversion"),
            "--policy-document", """{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""").FailedWith("MalformedPolicyDocument");

        stevedore.Aws("iam", "create-policy", "--policy-name", Unique("notjson"), "--policy-document", "{\"Version\":").FailedWith("MalformedPolicyDocument");
        Assert.DoesNotContain("Traceback", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_managed_policy_over_6144_non_whitespace_characters_exceeds_the_limit()
    {
        var actions = string.Join(",", Enumerable.Range(0, 400).Select(i => $"\"s3:GetObject{i:D4}\""));
        var document = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[{{actions}}],"Resource":"*"}]}""";
        Assert.True(document.Length > 6144);

        var result = stevedore.Python($$"""
            import boto3, json
            iam = boto3.client("iam")
            try:
                iam.create_policy(PolicyName="{{Unique("big")}}", PolicyDocument={{Quote(document)}})
                print(json.dumps({"code": None}))
            except iam.exceptions.LimitExceededException as e:
                print(json.dumps({"code": e.response["Error"]["Code"], "message": e.response["Error"]["Message"]}))
            """).Succeeded().Json;

        Assert.Equal("LimitExceeded", result["code"]!.GetValue<string>());
        Assert.Contains("6144", result["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_policy_has_no_entities()
    {
        var arn = stevedore.Aws("iam", "create-policy", "--policy-name", Unique("entities"), "--policy-document", Document)
            .Succeeded().Json["Policy"]!["Arn"]!.GetValue<string>();

        var entities = stevedore.Aws("iam", "list-entities-for-policy", "--policy-arn", arn).Succeeded().Json;

        Assert.Empty(entities["PolicyRoles"]!.AsArray());
        Assert.Empty(entities["PolicyUsers"]!.AsArray());
        Assert.Empty(entities["PolicyGroups"]!.AsArray());
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(a => a!.GetValue<string>())];
}
