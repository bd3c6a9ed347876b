using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ssm;

/// <summary>Parameter ARNs in policies: per parameter for GetParameters, the path for GetParametersByPath, tags as conditions.</summary>
public sealed class SsmAuthorizationTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Get_parameters_is_authorized_on_every_named_parameter()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/authz/allowed", Value="ok", Type="String")
            ssm.put_parameter(Name="/authz/secret", Value="no", Type="String")
            reader = user("authz-reader", allow(["ssm:GetParameters", "ssm:GetParameter"], f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/authz/allowed"))
            assert reader.get_parameters(Names=["/authz/allowed"])["Parameters"][0]["Value"] == "ok"
            assert reader.get_parameter(Name="/authz/allowed")["Parameter"]["Value"] == "ok"
            code, message = fail(reader.get_parameters, Names=["/authz/allowed", "/authz/secret"])
            assert code == "AccessDeniedException", code
            assert message == f"User: arn:aws:iam::{ACCOUNT}:user/authz-reader is not authorized to perform: ssm:GetParameters on resource: arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/authz/secret because no identity-based policy allows the ssm:GetParameters action", message
            code, message = fail(reader.get_parameter, Name="/authz/secret")
            assert code == "AccessDeniedException" and "ssm:GetParameter on resource: arn:aws:ssm:us-east-1:000000000000:parameter/authz/secret" in message, message
            """);
    }

    [Fact]
    public void A_name_without_a_leading_slash_has_a_single_slash_arn_in_policies()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="plainname", Value="p", Type="String")
            reader = user("plain-reader", allow("ssm:GetParameter", f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/plainname"))
            assert reader.get_parameter(Name="plainname")["Parameter"]["Value"] == "p"
            assert reader.get_parameter(Name=f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/plainname")["Parameter"]["Value"] == "p"
            """);
    }

    [Fact]
    public void Get_parameters_by_path_is_authorized_on_the_path_with_ssm_recursive()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/bypath/a", Value="a", Type="String")
            ssm.put_parameter(Name="/bypath/deep/b", Value="b", Type="String")
            walker = user("path-walker", allow("ssm:GetParametersByPath", f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/bypath", {"Bool": {"ssm:Recursive": "false"}}))
            assert [p["Name"] for p in walker.get_parameters_by_path(Path="/bypath")["Parameters"]] == ["/bypath/a"]
            code, message = fail(walker.get_parameters_by_path, Path="/bypath", Recursive=True)
            assert code == "AccessDeniedException", code
            code, message = fail(walker.get_parameters_by_path, Path="/bypath/deep")
            assert code == "AccessDeniedException" and f"parameter/bypath/deep" in message, message
            """);
    }

    [Fact]
    public void Parameter_tags_are_resource_tags_in_conditions()
    {
        SsmScript.Run(stevedore, """
            ssm.put_parameter(Name="/tagged/blue", Value="b", Type="String", Tags=[{"Key": "team", "Value": "blue"}])
            ssm.put_parameter(Name="/tagged/red", Value="r", Type="String", Tags=[{"Key": "team", "Value": "red"}])
            blue = user("blue-reader", allow("ssm:GetParameter", "*", {"StringEquals": {"aws:ResourceTag/team": "blue"}}))
            assert blue.get_parameter(Name="/tagged/blue")["Parameter"]["Value"] == "b"
            assert fail(blue.get_parameter, Name="/tagged/red")[0] == "AccessDeniedException"
            tagger = user("tag-limited", allow("ssm:AddTagsToResource", "*", {"ForAllValues:StringEquals": {"aws:TagKeys": ["env"]}}))
            tagger.add_tags_to_resource(ResourceType="Parameter", ResourceId="/tagged/red", Tags=[{"Key": "env", "Value": "x"}])
            assert fail(tagger.add_tags_to_resource, ResourceType="Parameter", ResourceId="/tagged/red", Tags=[{"Key": "team", "Value": "x"}])[0] == "AccessDeniedException"
            """);
    }
}
