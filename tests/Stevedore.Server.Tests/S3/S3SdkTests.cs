using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.S3;

/// <summary>
/// The AWS SDK for .NET 4.x: over plain HTTP it streams PutObject bodies as aws-chunked with signed chunks and a
/// checksum trailer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER), which Stevedore decodes and verifies.
/// </summary>
public sealed class S3SdkTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public async Task A_streamed_PutObject_with_a_checksum_trailer_reads_back_with_GetObject()
    {
        using var s3 = Client();
        var bucket = $"sdk-{Guid.NewGuid():N}"[..24];
        await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("DB_PASSWORD=from-secrets-manager\n", 4000)));

        var put = await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = "task/app.env",
            InputStream = new MemoryStream(data),
            ChecksumAlgorithm = ChecksumAlgorithm.CRC32,
            ContentType = "text/plain",
        });

        Assert.Equal($"\"{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(data))}\"", put.ETag);
        using var get = await s3.GetObjectAsync(bucket, "task/app.env");
        using var read = new MemoryStream();
        await get.ResponseStream.CopyToAsync(read);
        Assert.Equal(data, read.ToArray());
        Assert.Equal("text/plain", get.Headers.ContentType);

        var ranged = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = "task/app.env", ByteRange = new ByteRange(0, 10) });
        Assert.Equal(System.Net.HttpStatusCode.PartialContent, ranged.HttpStatusCode);
        Assert.Equal(11, ranged.ContentLength);

        var listed = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = "task/" });
        Assert.Equal("task/app.env", Assert.Single(listed.S3Objects).Key);

        var missing = await Assert.ThrowsAnyAsync<AmazonS3Exception>(() => s3.GetObjectAsync(bucket, "nope"));
        Assert.Equal("NoSuchKey", missing.ErrorCode);
    }

    [Fact]
    public async Task A_chunk_signed_with_the_wrong_secret_is_rejected()
    {
        using var forged = new AmazonS3Client(new BasicAWSCredentials("test", "wrong-secret"), Config());
        var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => forged.PutObjectAsync(new PutObjectRequest
        {
            BucketName = "any-bucket",
            Key = "k",
            InputStream = new MemoryStream(new byte[100]),
        }));
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
    }

    private AmazonS3Client Client() => new(new BasicAWSCredentials("test", "test"), Config());

    private AmazonS3Config Config() => new()
    {
        ServiceURL = stevedore.EndpointUrl,
        ForcePathStyle = true,
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    };
}
