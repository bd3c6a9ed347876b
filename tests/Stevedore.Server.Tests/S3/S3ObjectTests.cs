using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.S3;

/// <summary>Objects through boto3 and the CLI: put/get/head/delete, ranges, copy, listings, digests, presigned URLs, addressing.</summary>
public sealed class S3ObjectTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void Objects_round_trip_with_ETags_metadata_and_ranges() => S3Scripts.Run(stevedore, """
        name = unique("obj")
        s3.create_bucket(Bucket=name)
        data = b"0123456789" * 10
        put = s3.put_object(Bucket=name, Key="dir/a b+c.txt", Body=data, ContentType="text/plain", Metadata={"owner": "me"})
        assert put["ETag"] == '"' + hashlib.md5(data).hexdigest() + '"'
        got = s3.get_object(Bucket=name, Key="dir/a b+c.txt")
        assert got["Body"].read() == data and got["ContentType"] == "text/plain" and got["Metadata"] == {"owner": "me"}
        assert got["ETag"] == put["ETag"] and got["ContentLength"] == 100
        ranged = s3.get_object(Bucket=name, Key="dir/a b+c.txt", Range="bytes=10-19")
        assert ranged["ResponseMetadata"]["HTTPStatusCode"] == 206 and ranged["ContentRange"] == "bytes 10-19/100"
        assert ranged["Body"].read() == b"0123456789"
        assert s3.get_object(Bucket=name, Key="dir/a b+c.txt", Range="bytes=-5")["Body"].read() == b"56789"
        code, message, status, err = error(s3.get_object, Bucket=name, Key="dir/a b+c.txt", Range="bytes=100-200")
        assert (code, message, status) == ("InvalidRange", "The requested range is not satisfiable", 416)
        head = s3.head_object(Bucket=name, Key="dir/a b+c.txt")
        assert head["ContentLength"] == 100 and head["ETag"] == put["ETag"]
        code, message, status, err = error(s3.get_object, Bucket=name, Key="missing")
        assert (code, message, status, err["Key"]) == ("NoSuchKey", "The specified key does not exist.", 404, "missing")
        assert error(s3.head_object, Bucket=name, Key="missing")[2] == 404
        s3.delete_object(Bucket=name, Key="dir/a b+c.txt")
        s3.delete_object(Bucket=name, Key="dir/a b+c.txt")
        assert error(s3.get_object, Bucket=name, Key="dir/a b+c.txt")[0] == "NoSuchKey"
        assert error(s3.put_object, Bucket=unique("ghost"), Key="k", Body=b"x")[0] == "NoSuchBucket"
        """);

    [Fact]
    public void Digests_and_checksums_are_checked() => S3Scripts.Run(stevedore, """
        name = unique("dig")
        s3.create_bucket(Bucket=name)
        good = base64.b64encode(hashlib.md5(b"hello").digest()).decode()
        s3.put_object(Bucket=name, Key="k", Body=b"hello", ContentMD5=good)
        wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
        assert error(s3.put_object, Bucket=name, Key="k", Body=b"hello", ContentMD5=wrong)[:3] == (
            "BadDigest", "The Content-MD5 you specified did not match what we received.", 400)
        assert error(s3.put_object, Bucket=name, Key="k", Body=b"hello", ContentMD5="not-md5")[:2] == (
            "InvalidDigest", "The Content-MD5 you specified is not valid.")
        s3.put_object(Bucket=name, Key="c", Body=b"hello", ChecksumSHA256=base64.b64encode(hashlib.sha256(b"hello").digest()).decode())
        assert error(s3.put_object, Bucket=name, Key="c", Body=b"hello", ChecksumSHA256=base64.b64encode(hashlib.sha256(b"x").digest()).decode())[:2] == (
            "BadDigest", "The sha256 you specified did not match the calculated checksum.")
        put = s3.put_object(Bucket=name, Key="crc", Body=b"hello", ChecksumAlgorithm="CRC32")
        assert put["ChecksumCRC32"] == "NhCmhg=="
        assert s3.head_object(Bucket=name, Key="crc", ChecksumMode="ENABLED")["ChecksumCRC32"] == "NhCmhg=="
        """);

    [Fact]
    public void Listings_page_by_prefix_delimiter_max_keys_and_tokens() => S3Scripts.Run(stevedore, """
        name = unique("lst")
        s3.create_bucket(Bucket=name)
        keys = ["a/1", "a/2", "a/b/3", "b/1", "c", "d", "e f"]
        for k in keys:
            s3.put_object(Bucket=name, Key=k, Body=b"x")
        everything = s3.list_objects_v2(Bucket=name)
        assert [o["Key"] for o in everything["Contents"]] == sorted(keys) and everything["KeyCount"] == 7
        top = s3.list_objects_v2(Bucket=name, Delimiter="/")
        assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["a/", "b/"]
        assert [o["Key"] for o in top["Contents"]] == ["c", "d", "e f"]
        under = s3.list_objects_v2(Bucket=name, Prefix="a/", Delimiter="/")
        assert [o["Key"] for o in under["Contents"]] == ["a/1", "a/2"] and [p["Prefix"] for p in under["CommonPrefixes"]] == ["a/b/"]
        page = s3.list_objects_v2(Bucket=name, MaxKeys=2, Delimiter="/")
        seen = [o.get("Key") or o.get("Prefix") for o in page.get("CommonPrefixes", []) + page.get("Contents", [])]
        while page["IsTruncated"]:
            page = s3.list_objects_v2(Bucket=name, MaxKeys=2, Delimiter="/", ContinuationToken=page["NextContinuationToken"])
            seen += [o.get("Prefix") for o in page.get("CommonPrefixes", [])] + [o["Key"] for o in page.get("Contents", [])]
        assert sorted(seen) == ["a/", "b/", "c", "d", "e f"], seen
        after = s3.list_objects_v2(Bucket=name, StartAfter="b/1")
        assert [o["Key"] for o in after["Contents"]] == ["c", "d", "e f"]
        v1 = s3.list_objects(Bucket=name, Prefix="a/")
        assert [o["Key"] for o in v1["Contents"]] == ["a/1", "a/2", "a/b/3"]
        assert len(list(s3.get_paginator("list_objects_v2").paginate(Bucket=name, PaginationConfig={"PageSize": 3}))) == 3
        assert error(s3.list_objects_v2, Bucket=unique("ghost"))[0] == "NoSuchBucket"
        """);

    [Fact]
    public void Copy_DeleteObjects_presigned_URLs_and_virtual_hosted_addressing_work() => S3Scripts.Run(stevedore, """
        name = unique("cpy")
        s3.create_bucket(Bucket=name)
        s3.put_object(Bucket=name, Key="src", Body=b"payload", Metadata={"m": "1"})
        copied = s3.copy_object(Bucket=name, Key="dst", CopySource={"Bucket": name, "Key": "src"})
        assert copied["CopyObjectResult"]["ETag"] == '"' + hashlib.md5(b"payload").hexdigest() + '"'
        assert s3.get_object(Bucket=name, Key="dst")["Metadata"] == {"m": "1"}
        assert error(s3.copy_object, Bucket=name, Key="src", CopySource=f"{name}/src")[0] == "InvalidRequest"
        assert error(s3.copy_object, Bucket=name, Key="x", CopySource=f"{name}/nope")[0] == "NoSuchKey"

        # SigV4 presigning (boto3 presigns with SigV2 unless told otherwise; SigV2 is not supported, see docs/services/s3.md).
        presigner = boto3.client("s3", config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
        url = presigner.generate_presigned_url("get_object", Params={"Bucket": name, "Key": "src"}, ExpiresIn=300)
        assert urllib.request.urlopen(url).read() == b"payload"
        tampered = url.replace("/src?", "/dst?", 1)
        try:
            urllib.request.urlopen(tampered)
            raise AssertionError("tampered URL accepted")
        except urllib.error.HTTPError as e:
            assert e.code == 403 and b"SignatureDoesNotMatch" in e.read()

        deleted = s3.delete_objects(Bucket=name, Delete={"Objects": [{"Key": "src"}, {"Key": "dst"}, {"Key": "never"}]})
        assert sorted(d["Key"] for d in deleted["Deleted"]) == ["dst", "never", "src"]
        assert "Contents" not in s3.list_objects_v2(Bucket=name)

        # Virtual-hosted style: the bucket in the Host header (bucket.s3.localhost, bucket.localhost).
        from botocore.auth import S3SigV4Auth
        from botocore.awsrequest import AWSRequest
        import http.client, urllib.parse
        creds = boto3.Session().get_credentials()
        netloc = urllib.parse.urlparse(ENDPOINT).netloc
        for host in [f"{name}.s3.localhost", f"{name}.localhost"]:
            request = AWSRequest(method="PUT", url=f"http://{host}/vh.txt", data=b"virtual", headers={"x-amz-content-sha256": hashlib.sha256(b"virtual").hexdigest()})
            S3SigV4Auth(creds, "s3", "us-east-1").add_auth(request)
            conn = http.client.HTTPConnection(netloc)
            conn.request("PUT", "/vh.txt", body=b"virtual", headers={**dict(request.headers.items()), "Host": host})
            response = conn.getresponse()
            assert response.status == 200, (host, response.status, response.read())
            assert s3.get_object(Bucket=name, Key="vh.txt")["Body"].read() == b"virtual"
        """);

    [Fact]
    public void The_CLI_copies_lists_and_reads_objects()
    {
        var bucket = $"cli-{Guid.NewGuid():N}"[..20];
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "FOO=bar\n");
        stevedore.Aws("s3", "mb", $"s3://{bucket}").Succeeded();
        stevedore.Aws("s3", "cp", file, $"s3://{bucket}/env/app.env").Succeeded();
        Assert.Contains("app.env", stevedore.Aws("s3", "ls", $"s3://{bucket}/env/").Succeeded().Stdout, StringComparison.Ordinal);
        Assert.Contains("PRE env/", stevedore.Aws("s3", "ls", $"s3://{bucket}").Succeeded().Stdout, StringComparison.Ordinal);
        Assert.Equal("FOO=bar\n", stevedore.Aws("s3", "cp", $"s3://{bucket}/env/app.env", "-").Succeeded().Stdout);
        var head = stevedore.Aws("s3api", "head-object", "--bucket", bucket, "--key", "env/app.env").Succeeded().Json;
        Assert.Equal(8, head["ContentLength"]!.GetValue<int>());
        stevedore.Aws("s3api", "get-object", "--bucket", bucket, "--key", "nope", "/dev/null").FailedWith("NoSuchKey");
        stevedore.Aws("s3", "rb", $"s3://{bucket}").FailedWith("BucketNotEmpty");
        stevedore.Aws("s3", "rm", $"s3://{bucket}/env/app.env").Succeeded();
        stevedore.Aws("s3", "rb", $"s3://{bucket}").Succeeded();
    }
}
