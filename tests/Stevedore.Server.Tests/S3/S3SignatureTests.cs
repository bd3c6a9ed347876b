using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.S3;

/// <summary>
/// Presigned URLs (SigV2 query authentication, as boto3 and <c>aws s3 presign</c> make them by default, and SigV4), the SigV2
/// Authorization header, and S3's own wording of authentication failures.
/// </summary>
public sealed class S3SignatureTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    private const string Fetch = """
        import urllib.request, urllib.error
        import xml.etree.ElementTree as ET

        def fetch(url, method="GET", data=None, headers=None):
            request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
            try:
                with urllib.request.urlopen(request) as response:
                    return response.status, response.read(), dict(response.headers)
            except urllib.error.HTTPError as e:
                return e.code, e.read(), dict(e.headers)

        def error_of(body):
            root = ET.fromstring(body)
            return {child.tag: (child.text or "") for child in root}

        """;

    [Fact]
    public void Boto3_default_presigned_urls_are_SigV2_and_work_for_get_put_and_response_overrides() => S3Scripts.Run(stevedore, Fetch + """
        name = unique("presign2")
        s3.create_bucket(Bucket=name)
        s3.put_object(Bucket=name, Key="dir/a b.env", Body=b"A=1")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "dir/a b.env"})
        assert "AWSAccessKeyId=test" in url and "Signature=" in url and "Expires=" in url, url
        status, body, _ = fetch(url)
        assert (status, body) == (200, b"A=1"), (status, body)

        # A response override is a sub-resource: signed, and applied.
        url = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "dir/a b.env", "ResponseContentType": "text/x-env"})
        status, body, headers = fetch(url)
        assert status == 200 and headers["Content-Type"] == "text/x-env", (status, headers)

        # PUT through a presigned URL; Content-Type is part of the string to sign and must be sent as signed.
        url = s3.generate_presigned_url("put_object", Params={"Bucket": name, "Key": "up.txt", "ContentType": "text/plain"})
        status, body, _ = fetch(url, "PUT", b"uploaded", {"Content-Type": "text/plain"})
        assert status == 200, (status, body)
        assert s3.get_object(Bucket=name, Key="up.txt")["Body"].read() == b"uploaded"
        status, body, _ = fetch(url, "PUT", b"other", {"Content-Type": "application/json"})
        assert status == 403 and error_of(body)["Code"] == "SignatureDoesNotMatch", body

        # A user's key: the request is authorized as that user.
        nobody = keys_for(unique("presign-nobody"))
        status, body, _ = fetch(nobody.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "up.txt"}))
        assert status == 403 and error_of(body)["Code"] == "AccessDenied", body
        """);

    [Fact]
    public void A_tampered_or_expired_SigV2_url_is_refused_as_S3_does() => S3Scripts.Run(stevedore, Fetch + """
        name = unique("presign2-bad")
        s3.create_bucket(Bucket=name)
        s3.put_object(Bucket=name, Key="k", Body=b"x")
        s3.put_object(Bucket=name, Key="other", Body=b"y")
        url = s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "k"})

        status, body, _ = fetch(url.replace("/k?", "/other?"))
        error = error_of(body)
        assert status == 403 and error["Code"] == "SignatureDoesNotMatch", body
        assert error["Message"] == "The request signature we calculated does not match the signature you provided. Check your key and signing method.", error
        expires = url.split("Expires=")[1].split("&")[0]
        assert error["StringToSign"] == f"GET\n\n\n{expires}\n/{name}/other", error
        assert error["AWSAccessKeyId"] == "test" and error["SignatureProvided"] and "CanonicalRequest" not in error, error
        assert error["StringToSignBytes"].startswith("47 45 54 0a"), error

        status, body, _ = fetch(s3.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "k"}, ExpiresIn=-60))
        error = error_of(body)
        assert (status, error["Code"], error["Message"]) == (403, "AccessDenied", "Request has expired"), body
        assert error["Expires"].endswith("Z") and error["ServerTime"].endswith("Z") and "X-Amz-Expires" not in error, error

        status, body, _ = fetch(url.replace("AWSAccessKeyId=test", "AWSAccessKeyId=AKIANOTAKEY"))
        error = error_of(body)
        assert (status, error["Code"], error["AWSAccessKeyId"]) == (403, "InvalidAccessKeyId", "AKIANOTAKEY"), body
        """);

    [Fact]
    public void An_aws_s3_presign_url_works()
    {
        var bucket = "cli-presign-" + Guid.NewGuid().ToString("N")[..8];
        stevedore.Aws("s3api", "create-bucket", "--bucket", bucket).Succeeded();
        stevedore.Python($"""
            import boto3
            boto3.client("s3").put_object(Bucket="{bucket}", Key="env/app.env", Body=b"APP=1")
            """).Succeeded();
        var url = stevedore.Aws("s3", "presign", $"s3://{bucket}/env/app.env", "--expires-in", "300").Succeeded().Stdout.Trim();

        var output = stevedore.Python(Fetch + """
            import sys
            status, body, _ = fetch(sys.argv[1])
            print(status, body.decode())
            """, arguments: [url]).Succeeded().Stdout;

        Assert.Contains("AWSAccessKeyId=", url, StringComparison.Ordinal);
        Assert.Equal("200 APP=1\n", output);
    }

    [Fact]
    public void SigV4_presigned_urls_work_and_expire_with_S3_details() => S3Scripts.Run(stevedore, Fetch + """
        import time
        v4 = boto3.client("s3", config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
        name = unique("presign4")
        s3.create_bucket(Bucket=name)
        s3.put_object(Bucket=name, Key="k", Body=b"v4")
        url = v4.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "k"})
        assert "X-Amz-Signature=" in url, url
        status, body, _ = fetch(url)
        assert (status, body) == (200, b"v4"), (status, body)

        status, body, _ = fetch(url.replace("/k?", "/k2?"))
        error = error_of(body)
        assert status == 403 and error["Code"] == "SignatureDoesNotMatch", body
        assert error["StringToSign"].startswith("AWS4-HMAC-SHA256\n") and error["CanonicalRequest"].startswith(f"GET\n/{name}/k2\n"), error
        assert error["CanonicalRequestBytes"].startswith("47 45 54 0a"), error

        short = v4.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "k"}, ExpiresIn=1)
        time.sleep(2.2)
        status, body, _ = fetch(short)
        error = error_of(body)
        assert (status, error["Code"], error["Message"], error["X-Amz-Expires"]) == (403, "AccessDenied", "Request has expired", "1"), body
        """);

    [Fact]
    public void The_SigV2_authorization_header_is_accepted() => S3Scripts.Run(stevedore, """
        v2 = boto3.client("s3", config=Config(signature_version="s3", s3={"addressing_style": "path"}))
        name = unique("sigv2-header")
        v2.create_bucket(Bucket=name)
        v2.put_object(Bucket=name, Key="a/b c", Body=b"v2", ContentType="text/plain", Metadata={"team": "x"})
        assert v2.get_object(Bucket=name, Key="a/b c")["Body"].read() == b"v2"
        assert v2.head_object(Bucket=name, Key="a/b c")["Metadata"] == {"team": "x"}
        assert [o["Key"] for o in v2.list_objects_v2(Bucket=name, Prefix="a/")["Contents"]] == ["a/b c"]
        assert v2.get_bucket_location(Bucket=name)["LocationConstraint"] is None
        bad = boto3.client("s3", config=Config(signature_version="s3", s3={"addressing_style": "path"}), aws_access_key_id="test", aws_secret_access_key="wrong")
        code, message, status, _ = error(bad.list_objects_v2, Bucket=name)
        assert (code, status) == ("SignatureDoesNotMatch", 403), message
        """);

    [Fact]
    public void Authentication_failures_use_S3_codes_and_leave_IAM_unchanged() => S3Scripts.Run(stevedore, """
        unknown = boto3.client("s3", config=cfg, aws_access_key_id="AKIAUNKNOWNKEY000000", aws_secret_access_key="x")
        code, message, status, body = error(unknown.list_buckets)
        assert (code, message, status) == ("InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records.", 403), body
        assert body.get("AWSAccessKeyId") == "AKIAUNKNOWNKEY000000", body

        wrong = boto3.client("s3", config=cfg, aws_access_key_id="test", aws_secret_access_key="wrong")
        code, message, status, body = error(wrong.list_buckets)
        assert (code, status) == ("SignatureDoesNotMatch", 403), body
        assert message == "The request signature we calculated does not match the signature you provided. Check your key and signing method.", message
        assert body["StringToSign"].startswith("AWS4-HMAC-SHA256\n") and body["CanonicalRequest"].startswith("GET\n/\n"), body

        iam_unknown = boto3.client("iam", aws_access_key_id="AKIAUNKNOWNKEY000000", aws_secret_access_key="x")
        code, message, status, _ = error(iam_unknown.list_users)
        assert (code, message, status) == ("InvalidClientTokenId", "The security token included in the request is invalid.", 403), message
        """);
}
