using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Aws.Tests.Protocols;

public sealed class QueryEncoderTests
{
    private static readonly ServiceModel Iam = ServiceModel.Load("iam");
    private static readonly ServiceModel Sts = ServiceModel.Load("sts");

    [Fact]
    public void Response_document_shape()
    {
        var output = new JsonObject { ["UserId"] = "AIDA", ["Account"] = "000000000000", ["Arn"] = null };
        var xml = Encoding.UTF8.GetString(QueryResponseEncoder.Encode(Sts, Sts.Operations["GetCallerIdentity"], output, "rid"));
        Assert.Equal("""<?xml version="1.0" encoding="utf-8"?><GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">"""
            + "<GetCallerIdentityResult><UserId>AIDA</UserId><Account>000000000000</Account></GetCallerIdentityResult>"
            + "<ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></GetCallerIdentityResponse>", xml);
    }

    [Fact]
    public void Lists_booleans_and_timestamps()
    {
        var output = new JsonObject
        {
            ["Versions"] = new JsonArray(new JsonObject
            {
                ["VersionId"] = "v1",
                ["IsDefaultVersion"] = true,
                ["CreateDate"] = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)),
            }),
            ["IsTruncated"] = false,
        };
        var xml = Encoding.UTF8.GetString(QueryResponseEncoder.Encode(Iam, Iam.Operations["ListPolicyVersions"], output, "r"));
        Assert.Contains("<ListPolicyVersionsResult><Versions><member><VersionId>v1</VersionId><IsDefaultVersion>true</IsDefaultVersion>"
            + "<CreateDate>2024-01-02T01:04:05Z</CreateDate></member></Versions><IsTruncated>false</IsTruncated></ListPolicyVersionsResult>", xml);
    }

    [Fact]
    public void Operation_without_output()
    {
        var xml = Encoding.UTF8.GetString(QueryResponseEncoder.Encode(Iam, Iam.Operations["DeleteRole"], null, "r"));
        Assert.Equal("""<?xml version="1.0" encoding="utf-8"?><DeleteRoleResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">"""
            + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteRoleResponse>", xml);
    }

    [Fact]
    public void Error_document_shape()
    {
        var error = Iam.Error("NoSuchEntityException", "The role with name x cannot be found.");
        Assert.Equal(("NoSuchEntity", 404, true), (error.Code, error.HttpStatus, error.SenderFault));
        var xml = Encoding.UTF8.GetString(QueryErrorEncoder.Encode(Iam, error, "rid"));
        Assert.Equal("""<?xml version="1.0" encoding="utf-8"?><ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">"""
            + "<Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The role with name x cannot be found.</Message></Error>"
            + "<RequestId>rid</RequestId></ErrorResponse>", xml);
    }

    [Theory]
    [InlineData(0, "2024-01-02T03:04:05Z")]
    [InlineData(359, "2024-01-02T03:04:05.359Z")]
    public void Timestamps_are_iso8601_utc(int ms, string expected) =>
        Assert.Equal(expected, XmlValues.Timestamp(new DateTimeOffset(2024, 1, 2, 3, 4, 5, ms, TimeSpan.Zero)));
}
