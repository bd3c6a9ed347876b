using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

public sealed class PutParameterTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Put_then_get_each_type_with_version_tier_arn_and_data_type()
    {
        SsmScript.Run(stevedore, """
            r = ssm.put_parameter(Name="/app/db/host", Value="db.local", Type="String", Description="the host")
            assert r["Version"] == 1 and r["Tier"] == "Standard", r
            p = ssm.get_parameter(Name="/app/db/host")["Parameter"]
            assert p["Name"] == "/app/db/host" and p["Value"] == "db.local" and p["Type"] == "String", p
            assert p["Version"] == 1 and p["DataType"] == "text", p
            assert p["ARN"] == f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/db/host", p
            ssm.put_parameter(Name="flat-name", Value="a,b,c", Type="StringList")
            p = ssm.get_parameter(Name="flat-name")["Parameter"]
            assert p["Type"] == "StringList" and p["Value"] == "a,b,c", p
            assert p["ARN"] == f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/flat-name", p
            """);
    }

    [Fact]
    public void Overwrite_makes_a_new_version_and_without_it_the_parameter_already_exists()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/ow/p", Value="v1", Type="String")
            code, message = fail(ssm.put_parameter, Name="/ow/p", Value="v2", Type="String")
            assert code == "ParameterAlreadyExists", code
            assert message == "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.", message
            r = ssm.put_parameter(Name="/ow/p", Value="v2", Overwrite=True)
            assert r["Version"] == 2, r
            p = ssm.get_parameter(Name="/ow/p")["Parameter"]
            assert p["Value"] == "v2" and p["Type"] == "String" and p["Version"] == 2, p
            """);
    }

    [Fact]
    public void A_root_name_with_and_without_its_leading_slash_is_one_parameter()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/rooted", Value="x", Type="String")
            assert fail(ssm.put_parameter, Name="rooted", Value="y", Type="String")[0] == "ParameterAlreadyExists"
            assert ssm.get_parameter(Name="rooted")["Parameter"]["Value"] == "x"
            """);
    }

    [Fact]
    public void Tags_and_overwrite_cannot_be_used_together()
    {
        SsmScript.Run(stevedore, """
            code, message = fail(ssm.put_parameter, Name="/tagged/ow", Value="v", Type="String", Overwrite=True, Tags=[{"Key": "k", "Value": "v"}])
            assert code == "ValidationException", code
            assert message == "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.", message
            """);
    }

    [Fact]
    public void Names_are_validated_and_the_aws_and_ssm_prefixes_are_reserved()
    {
        SsmScript.Run(stevedore, """
            invalid = "Parameter name: can't be prefixed with \"ssm\" (case-insensitive). If formed as a path, it can consist of sub-paths divided by slash symbol; each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_"
            for name in ["ssm-thing", "/SSM/thing", "has space", "/a//b", "rel/path", "/mail/x@y.com"]:
                code, message = fail(ssm.put_parameter, Name=name, Value="v", Type="String")
                assert (code, message) == ("ValidationException", invalid), (name, code, message)
            code, message = fail(ssm.put_parameter, Name="awsThing", Value="v", Type="String")
            assert (code, message) == ("AccessDeniedException", "No access to reserved parameter name: awsThing."), (code, message)
            code, message = fail(ssm.put_parameter, Name="/aws/test", Value="v", Type="String")
            assert (code, message) == ("AccessDeniedException", "No access to reserved parameter name: aws/test."), (code, message)
            deep = "/" + "/".join(f"l{i}" for i in range(16))
            assert fail(ssm.put_parameter, Name=deep, Value="v", Type="String")[0] == "HierarchyLevelLimitExceededException"
            ssm.put_parameter(Name="/" + "/".join(f"l{i}" for i in range(15)), Value="v", Type="String")
            assert fail(ssm.get_parameter, Name="rel/path") == ("ValidationException", invalid)
            """);
    }

    [Fact]
    public void A_new_parameter_needs_a_type()
    {
        SsmScript.Run(stevedore, """
            code, message = fail(ssm.put_parameter, Name="/typeless", Value="v")
            assert code == "ValidationException", code
            """);
    }

    [Fact]
    public void Value_size_limits_follow_the_tier_and_advanced_cannot_be_downgraded()
    {
        SsmScript.Run(stevedore, """
            big = "x" * 5000
            code, message = fail(ssm.put_parameter, Name="/tier/big", Value=big, Type="String")
            assert code == "ValidationException" and message.startswith("Standard tier parameters support a maximum parameter value of 4096 characters."), message
            assert ssm.put_parameter(Name="/tier/big", Value=big, Type="String", Tier="Advanced")["Tier"] == "Advanced"
            assert fail(ssm.put_parameter, Name="/tier/huge", Value="x" * 9000, Type="String", Tier="Advanced")[0] == "ValidationException"
            assert ssm.put_parameter(Name="/tier/auto-small", Value="x", Type="String", Tier="Intelligent-Tiering")["Tier"] == "Standard"
            assert ssm.put_parameter(Name="/tier/auto-big", Value=big, Type="String", Tier="Intelligent-Tiering")["Tier"] == "Advanced"
            code, message = fail(ssm.put_parameter, Name="/tier/big", Value="small", Overwrite=True, Tier="Standard")
            assert code == "ValidationException" and "can't downgrade" in message, message
            assert ssm.put_parameter(Name="/tier/big", Value="small", Overwrite=True)["Tier"] == "Advanced"
            assert ssm.put_parameter(Name="/tier/exact", Value="x" * 4096, Type="String")["Tier"] == "Standard"
            """);
    }

    [Fact]
    public void Allowed_pattern_and_data_type_are_checked()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/pattern/port", Value="8080", Type="String", AllowedPattern="^\\d+$")
            code, message = fail(ssm.put_parameter, Name="/pattern/port", Value="eighty", Overwrite=True)
            assert code == "ParameterPatternMismatchException", code
            assert message == "Parameter value, cannot be validated against allowedPattern: ^\\d+$", message
            assert fail(ssm.put_parameter, Name="/pattern/bad", Value="v", Type="String", AllowedPattern="([")[0] == "InvalidAllowedPatternException"
            assert ssm.put_parameter(Name="/dt/ami", Value="ami-12345678", Type="String", DataType="aws:ec2:image")["Version"] == 1
            assert ssm.get_parameter(Name="/dt/ami")["Parameter"]["DataType"] == "aws:ec2:image"
            code, message = fail(ssm.put_parameter, Name="/dt/bad", Value="v", Type="String", DataType="Text")
            assert (code, message) == ("ValidationException", "The following data type is not supported: Text (Data type names are all lowercase.)"), message
            """);
    }

    [Fact]
    public void History_keeps_every_version_and_the_oldest_go_after_one_hundred()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/hist/p", Value="v1", Type="String", Description="first")
            for i in range(2, 103):
                ssm.put_parameter(Name="/hist/p", Value=f"v{i}", Overwrite=True)
            pages = ssm.get_paginator("get_parameter_history").paginate(Name="/hist/p", PaginationConfig={"PageSize": 30})
            versions = [v for page in pages for v in page["Parameters"]]
            assert len(versions) == 100, len(versions)
            assert versions[0]["Version"] == 3 and versions[-1]["Version"] == 102, (versions[0], versions[-1])
            assert versions[-1]["Value"] == "v102" and versions[-1]["Description"] == "first" and versions[-1]["Labels"] == []
            assert versions[-1]["LastModifiedUser"] == f"arn:aws:iam::{ACCOUNT}:root", versions[-1]
            assert fail(ssm.get_parameter_history, Name="/hist/missing")[0] == "ParameterNotFound"
            assert ssm.get_parameter(Name="/hist/p:50")["Parameter"]["Value"] == "v50"
            code, message = fail(ssm.get_parameter, Name="/hist/p:2")
            assert code == "ParameterVersionNotFound", code
            """);
    }
}
