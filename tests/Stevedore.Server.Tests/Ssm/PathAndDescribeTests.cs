using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

public sealed class PathAndDescribeTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Seed = """
        def put(**kw):
            try:
                ssm.put_parameter(**kw)
            except ssm.exceptions.ParameterAlreadyExists:
                pass
        for name in ["/tree/a", "/tree/b", "/tree/sub/c", "/tree/sub/deeper/d", "/treetop", "/other/x"]:
            put(Name=name, Value=name, Type="String")
        put(Name="/tree/secret", Value="s", Type="SecureString", Tags=[{"Key": "team", "Value": "blue"}])

        """;

    [Fact]
    public void By_path_lists_direct_children_or_every_descendant_when_recursive()
    {
        SsmScript.Run(stevedore, Seed + """
            names = lambda r: sorted(p["Name"] for p in r["Parameters"])
            assert names(ssm.get_parameters_by_path(Path="/tree")) == ["/tree/a", "/tree/b", "/tree/secret"]
            assert names(ssm.get_parameters_by_path(Path="/tree/")) == ["/tree/a", "/tree/b", "/tree/secret"]
            pages = ssm.get_paginator("get_parameters_by_path").paginate(Path="/tree", Recursive=True, PaginationConfig={"PageSize": 2})
            assert sorted(p["Name"] for page in pages for p in page["Parameters"]) == ["/tree/a", "/tree/b", "/tree/secret", "/tree/sub/c", "/tree/sub/deeper/d"]
            first = ssm.get_parameters_by_path(Path="/tree", Recursive=True, MaxResults=2)
            assert len(first["Parameters"]) == 2 and "NextToken" in first, first
            secret = [p for p in ssm.get_parameters_by_path(Path="/tree", WithDecryption=True)["Parameters"] if p["Name"] == "/tree/secret"][0]
            assert secret["Value"] == "s", secret
            only = ssm.get_parameters_by_path(Path="/tree", Recursive=True, ParameterFilters=[{"Key": "Type", "Values": ["SecureString"]}])
            assert names(only) == ["/tree/secret"], only
            assert names(ssm.get_parameters_by_path(Path="/tree", ParameterFilters=[{"Key": "tag:team", "Values": ["blue"]}])) == ["/tree/secret"]
            assert fail(ssm.get_parameters_by_path, Path="/tree", ParameterFilters=[{"Key": "Name", "Values": ["x"]}])[0] == "InvalidFilterKey"
            code, message = fail(ssm.get_parameters_by_path, Path="tree")
            assert code == "ValidationException" and message.startswith("The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash"), message
            assert fail(ssm.get_parameters_by_path, Path="/tree", MaxResults=11)[0] == "ValidationException"
            assert ssm.get_parameters_by_path(Path="/nowhere")["Parameters"] == []
            """);
    }

    [Fact]
    public void Describe_filters_by_name_type_key_path_and_tier_and_pages()
    {
        SsmScript.Run(stevedore, Seed + """
            d = lambda **kw: sorted(p["Name"] for page in ssm.get_paginator("describe_parameters").paginate(**kw) for p in page["Parameters"])
            assert d(ParameterFilters=[{"Key": "Name", "Option": "BeginsWith", "Values": ["/tree/s"]}]) == ["/tree/secret", "/tree/sub/c", "/tree/sub/deeper/d"]
            assert d(ParameterFilters=[{"Key": "Name", "Values": ["/treetop"]}]) == ["/treetop"]
            assert d(ParameterFilters=[{"Key": "Type", "Values": ["SecureString"]}, {"Key": "Path", "Values": ["/tree"]}]) == ["/tree/secret"]
            assert d(ParameterFilters=[{"Key": "KeyId", "Values": ["alias/aws/ssm"]}, {"Key": "Path", "Values": ["/tree"]}]) == ["/tree/secret"]
            assert d(ParameterFilters=[{"Key": "Path", "Option": "Recursive", "Values": ["/tree/sub"]}]) == ["/tree/sub/c", "/tree/sub/deeper/d"]
            assert d(ParameterFilters=[{"Key": "Path", "Values": ["/tree/sub"]}]) == ["/tree/sub/c"]
            assert d(Filters=[{"Key": "Name", "Values": ["/other"]}]) == ["/other/x"]
            assert d(ParameterFilters=[{"Key": "Tier", "Values": ["Standard"]}, {"Key": "Path", "Values": ["/other"]}]) == ["/other/x"]
            code, message = fail(ssm.describe_parameters, Filters=[{"Key": "Name", "Values": ["/x"]}], ParameterFilters=[{"Key": "Name", "Values": ["/x"]}])
            assert code == "ValidationException", code
            assert fail(ssm.describe_parameters, ParameterFilters=[{"Key": "Path", "Option": "Sideways", "Values": ["/tree"]}])[0] == "InvalidFilterOption"
            page = ssm.describe_parameters(MaxResults=2)
            assert len(page["Parameters"]) == 2 and "NextToken" in page
            meta = ssm.describe_parameters(ParameterFilters=[{"Key": "Name", "Values": ["/tree/a"]}])["Parameters"][0]
            assert meta["ARN"].endswith(":parameter/tree/a") and meta["Version"] == 1 and meta["Tier"] == "Standard" and meta["Type"] == "String", meta
            assert meta["LastModifiedUser"] == f"arn:aws:iam::{ACCOUNT}:root" and meta["DataType"] == "text", meta
            assert fail(ssm.describe_parameters, NextToken="!!!")[0] == "InvalidNextToken"
            """);
    }
}
