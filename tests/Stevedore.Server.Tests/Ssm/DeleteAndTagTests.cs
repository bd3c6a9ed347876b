using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

public sealed class DeleteAndTagTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Delete_parameter_removes_it_and_a_missing_one_is_not_found()
    {
        stevedore.Aws("ssm", "put-parameter", "--name", "/del/one", "--value", "v", "--type", "String").Succeeded();

        stevedore.Aws("ssm", "delete-parameter", "--name", "/del/one").Succeeded();

        stevedore.Aws("ssm", "get-parameter", "--name", "/del/one").FailedWith("ParameterNotFound");
        stevedore.Aws("ssm", "delete-parameter", "--name", "/del/one").FailedWith("ParameterNotFound");
    }

    [Fact]
    public void Delete_parameters_reports_deleted_and_invalid_names()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/dels/a", Value="v", Type="String")
            ssm.put_parameter(Name="dels-b", Value="v", Type="String")
            r = ssm.delete_parameters(Names=["/dels/a", "dels-b", "/dels/ghost"])
            assert r["DeletedParameters"] == ["/dels/a", "dels-b"] and r["InvalidParameters"] == ["/dels/ghost"], r
            assert ssm.get_parameters(Names=["/dels/a", "dels-b"])["InvalidParameters"] == ["/dels/a", "dels-b"]
            code, message = fail(ssm.delete_parameter, Name="/aws/anything")
            assert code == "AccessDeniedException" and message == "No access to reserved parameter name: aws/anything.", message
            """);
    }

    [Fact]
    public void Tags_are_added_listed_replaced_and_removed()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/tags/p", Value="v", Type="String", Tags=[{"Key": "team", "Value": "red"}])
            assert ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/tags/p")["TagList"] == [{"Key": "team", "Value": "red"}]
            ssm.add_tags_to_resource(ResourceType="Parameter", ResourceId="/tags/p", Tags=[{"Key": "team", "Value": "blue"}, {"Key": "env", "Value": "dev"}])
            tags = {t["Key"]: t["Value"] for t in ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/tags/p")["TagList"]}
            assert tags == {"team": "blue", "env": "dev"}, tags
            ssm.remove_tags_from_resource(ResourceType="Parameter", ResourceId="/tags/p", TagKeys=["team"])
            assert ssm.list_tags_for_resource(ResourceType="Parameter", ResourceId="/tags/p")["TagList"] == [{"Key": "env", "Value": "dev"}]
            assert fail(ssm.list_tags_for_resource, ResourceType="Parameter", ResourceId="/tags/ghost")[0] == "InvalidResourceId"
            assert fail(ssm.add_tags_to_resource, ResourceType="Parameter", ResourceId="/tags/ghost", Tags=[{"Key": "k", "Value": "v"}])[0] == "InvalidResourceId"
            many = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
            assert fail(ssm.add_tags_to_resource, ResourceType="Parameter", ResourceId="/tags/p", Tags=many)[0] == "TooManyTagsError"
            """);
    }
}
