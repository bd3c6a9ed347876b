using Stevedore.Aws.Models;

namespace Stevedore.Aws.Tests.Protocols;

public sealed class ServiceModelTests
{
    [Fact]
    public void Iam_metadata_operations_and_shapes()
    {
        var iam = ServiceModel.Load("iam");
        Assert.Equal(("2010-05-08", "query", "https://iam.amazonaws.com/doc/2010-05-08/", "iam", "iam"),
            (iam.ApiVersion, iam.Protocol, iam.XmlNamespace, iam.SigningName, iam.EndpointPrefix));
        Assert.Equal(45, iam.Operations.Count);
        Assert.True(iam.IsKnownOperation("ListUsers"));
        Assert.False(iam.Operations.ContainsKey("ListUsers"));
        var create = iam.Operations["CreateRole"];
        Assert.Equal("CreateRoleResult", create.ResultWrapper);
        Assert.Contains(create.Errors, e => e.ErrorCode == "EntityAlreadyExists" && e.ErrorHttpStatus == 409);
        var roleName = create.Input!.Shape.MembersByName["RoleName"].Shape;
        Assert.Equal((ShapeType.String, 1L, 64L, @"[\w+=,.@-]+"), (roleName.Type, roleName.Min, roleName.Max, roleName.Pattern));
        Assert.Contains("RoleName", create.Input.Shape.Required);
        Assert.Null(iam.Operations["DeleteRole"].Output);
        Assert.Equal(ShapeType.Map, iam.GetShape("EvalDecisionDetailsType").Type);
    }

    [Fact]
    public void Sts_model()
    {
        var sts = ServiceModel.Load("sts");
        Assert.Equal("2011-06-15", sts.ApiVersion);
        Assert.Equal(3, sts.Operations.Count);
        Assert.True(sts.IsKnownOperation("AssumeRoleWithWebIdentity"));
        Assert.True(sts.GetShape("accessKeySecretType").Sensitive);
    }
}
