using Stevedore.Aws.SigV4;

namespace Stevedore.Aws.Tests.SigV4;

/// <summary>S3's Signature Version 2, against the example of AWS's documentation.</summary>
// https://docs.aws.amazon.com/AmazonS3/latest/API/RESTAuthentication.html#RESTAuthenticationExamples
public class SigV2Tests
{
    private static readonly SigningCredential Example = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static readonly DateTimeOffset Now = new(2007, 3, 27, 19, 40, 0, TimeSpan.Zero);

    private static SignedRequest Get(string host, string path, string authorization, string query = "") =>
        SignedRequest.FromBody("GET", path, query,
            [new("Host", host), new("Date", "Tue, 27 Mar 2007 19:36:42 +0000"), new("Authorization", authorization)], host, default);

    [Fact]
    public void The_documented_object_GET_verifies_virtual_hosted()
    {
        var request = Get("awsexamplebucket1.s3.us-west-1.amazonaws.com", "/photos/puppy.jpg", "AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
        Assert.True(SigV2Verifier.Applies(request));
        Assert.Equal("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/puppy.jpg",
            SigV2Verifier.StringToSign(request, "Tue, 27 Mar 2007 19:36:42 +0000", presigned: false));
        var result = RequestAuthenticator.Verify(request, new Keys(Example), Now);
        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal("s3", result.Service);
    }

    [Fact]
    public void A_wrong_signature_names_the_string_to_sign()
    {
        var result = SigV2Verifier.Verify(
            Get("awsexamplebucket1.s3.us-west-1.amazonaws.com", "/photos/kitten.jpg", "AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g="),
            new Keys(Example), Now, TimeSpan.FromMinutes(15));
        Assert.Equal(AuthFailureKind.SignatureMismatch, result.Error!.Kind);
        Assert.Equal("GET\n\n\nTue, 27 Mar 2007 19:36:42 +0000\n/awsexamplebucket1/photos/kitten.jpg", result.Error.StringToSign);
        Assert.Equal("s3", result.Service);
    }

    [Fact]
    public void Sub_resources_are_part_of_the_resource_and_other_parameters_are_not()
    {
        var request = Get("s3.amazonaws.com", "/b/k", "AWS AKIAIOSFODNN7EXAMPLE:x", "versionId=v%201&prefix=p&acl&response-content-type=text%2Fplain");
        Assert.Equal("GET\n\n\nD\n/b/k?acl&response-content-type=text/plain&versionId=v 1", SigV2Verifier.StringToSign(request, "D", presigned: false));
    }

    [Fact]
    public void Clock_skew_and_unknown_keys_are_reported_by_kind()
    {
        var request = Get("awsexamplebucket1.s3.us-west-1.amazonaws.com", "/photos/puppy.jpg", "AWS AKIAIOSFODNN7EXAMPLE:qgk2+6Sv9/oM7G3qLEjTH1a1l1g=");
        Assert.Equal(AuthFailureKind.ClockSkew, SigV2Verifier.Verify(request, new Keys(Example), Now.AddHours(1), TimeSpan.FromMinutes(15)).Error!.Kind);
        Assert.Equal(AuthFailureKind.UnknownAccessKey, SigV2Verifier.Verify(request, new Keys(), Now, TimeSpan.FromMinutes(15)).Error!.Kind);
    }
}
