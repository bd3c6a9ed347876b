using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Aws.Tests.Protocols;

/// <summary>botocore is the oracle for REST-XML (S3): what it serializes we decode, what we encode it parses back.</summary>
public sealed class RestXmlRoundTripTests
{
    private static readonly ServiceModel S3 = ServiceModel.Load("s3");

    // The options S3Service uses (namespace and the root element names S3 writes).
    private static readonly RestXmlProtocol Wire = new(new RestXmlOptions
    {
        XmlNamespace = "http://s3.amazonaws.com/doc/2006-03-01/",
        OutputRootNames = new Dictionary<string, string>
        {
            ["ListObjectsV2"] = "ListBucketResult",
            ["GetBucketLocation"] = "LocationConstraint",
        },
    });

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static DecodedRequest DecodeBotocore(string operation, string parameters)
    {
        var result = BotocoreOracle.Run([BotocoreOracle.Serialize("s3", operation, Obj(parameters))])[0]!;
        var headers = result["headers"]!.AsObject().Select(h => new KeyValuePair<string, string>(h.Key, h.Value!.GetValue<string>())).ToList();
        headers.Add(new("Host", "s3.amazonaws.com"));
        var body = result["body"]?.GetValue<string>() ?? "";
        var request = new WireRequest(
            result["method"]!.GetValue<string>(), result["path"]!.GetValue<string>(), result["query"]!.GetValue<string>(), headers,
            "s3.amazonaws.com", Encoding.UTF8.GetBytes(body));
        var decoded = Wire.Decode(S3, request);
        Assert.Equal(operation, decoded.Name);
        return decoded;
    }

    private static string Text(JsonObject input, string member) => input[member]!.GetValue<string>();

    [Fact]
    public void PutObject_labels_payload_and_metadata_headers()
    {
        var input = DecodeBotocore("PutObject", """
            {"Bucket": "b", "Key": "dir/a b+c.env", "Body": "A=1", "ContentType": "text/plain", "Metadata": {"team": "x", "Owner": "y"},
             "ContentMD5": "1B2M2Y8AsgTpgAmY7PhCfg==", "ServerSideEncryption": "AES256"}
            """).Input;

        Assert.Equal("b", Text(input, "Bucket"));
        Assert.Equal("dir/a b+c.env", Text(input, "Key"));
        Assert.Equal("A=1", Encoding.UTF8.GetString(input["Body"]!.GetValue<byte[]>()));
        Assert.Equal("text/plain", Text(input, "ContentType"));
        Assert.Equal("1B2M2Y8AsgTpgAmY7PhCfg==", Text(input, "ContentMD5"));
        Assert.Equal("AES256", Text(input, "ServerSideEncryption"));
        // S3 lower-cases metadata names (HTTP headers are case-insensitive); the values are kept.
        var metadata = input["Metadata"]!.AsObject().ToDictionary(p => p.Key.ToLowerInvariant(), p => p.Value!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["team"] = "x", ["owner"] = "y" }, metadata);
    }

    [Fact]
    public void ListObjectsV2_query_members()
    {
        var input = DecodeBotocore("ListObjectsV2", """
            {"Bucket": "b", "Prefix": "env/a b", "Delimiter": "/", "MaxKeys": 5, "ContinuationToken": "tok+/=", "StartAfter": "env/0", "EncodingType": "url", "FetchOwner": true}
            """).Input;

        Assert.Equal("env/a b", Text(input, "Prefix"));
        Assert.Equal("/", Text(input, "Delimiter"));
        Assert.Equal(5, input["MaxKeys"]!.GetValue<int>());
        Assert.Equal("tok+/=", Text(input, "ContinuationToken"));
        Assert.Equal("env/0", Text(input, "StartAfter"));
        Assert.Equal("url", Text(input, "EncodingType"));
        Assert.True(input["FetchOwner"]!.GetValue<bool>());
    }

    [Fact]
    public void CopyObject_is_told_from_PutObject_by_its_copy_source_header()
    {
        var input = DecodeBotocore("CopyObject", """
            {"Bucket": "dst", "Key": "copy", "CopySource": "src/dir/a b.env", "MetadataDirective": "REPLACE", "Metadata": {"k": "v"}}
            """).Input;

        Assert.Equal("dst", Text(input, "Bucket"));
        Assert.Equal("copy", Text(input, "Key"));
        // The header as sent (the client's copy-source handler URL-encodes it before serialization; the service decodes it).
        Assert.Equal("src/dir/a b.env", Text(input, "CopySource"));
        Assert.Equal("REPLACE", Text(input, "MetadataDirective"));
        Assert.Equal("v", input["Metadata"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public void CreateBucket_location_constraint_body()
    {
        var input = DecodeBotocore("CreateBucket", """{"Bucket": "b", "CreateBucketConfiguration": {"LocationConstraint": "eu-west-1"}, "ObjectOwnership": "BucketOwnerEnforced"}""").Input;

        Assert.Equal("b", Text(input, "Bucket"));
        Assert.Equal("eu-west-1", input["CreateBucketConfiguration"]!["LocationConstraint"]!.GetValue<string>());
        Assert.Equal("BucketOwnerEnforced", Text(input, "ObjectOwnership"));
    }

    [Fact]
    public void DeleteObjects_body_list()
    {
        var input = DecodeBotocore("DeleteObjects", """{"Bucket": "b", "Delete": {"Objects": [{"Key": "a"}, {"Key": "b & <c>", "VersionId": "v1"}], "Quiet": true}}""").Input;

        var objects = input["Delete"]!["Objects"]!.AsArray();
        Assert.Equal(["a", "b & <c>"], objects.Select(o => o!["Key"]!.GetValue<string>()));
        Assert.Equal("v1", objects[1]!["VersionId"]!.GetValue<string>());
        Assert.True(input["Delete"]!["Quiet"]!.GetValue<bool>());
    }

    private static JsonObject ParseEncoded(string operation, JsonObject output)
    {
        var response = Wire.Encode(S3, S3.Operations[operation], output, "req-1");
        var parsed = BotocoreOracle.Run([BotocoreOracle.Parse("s3", operation, response.Body.ToArray(), WithContentType(response), response.Status)])[0]!;
        return parsed["parsed"]!.AsObject();
    }

    private static List<KeyValuePair<string, string>> WithContentType(WireResponse response) =>
        [.. response.Headers, new("Content-Type", response.ContentType)];

    [Fact]
    public void Botocore_parses_ListObjectsV2()
    {
        var parsed = ParseEncoded("ListObjectsV2", new JsonObject
        {
            ["Name"] = "b",
            ["Prefix"] = "env/",
            ["Delimiter"] = "/",
            ["MaxKeys"] = 2,
            ["KeyCount"] = 2,
            ["IsTruncated"] = true,
            ["NextContinuationToken"] = "next",
            ["Contents"] = new JsonArray(new JsonObject
            {
                ["Key"] = "env/a & b.env",
                ["LastModified"] = JsonValue.Create(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 123, TimeSpan.Zero)),
                ["ETag"] = "\"abc\"",
                ["Size"] = 3L,
                ["StorageClass"] = "STANDARD",
            }),
            ["CommonPrefixes"] = new JsonArray(new JsonObject { ["Prefix"] = "env/sub/" }),
        });

        Assert.Equal("b", parsed["Name"]!.GetValue<string>());
        Assert.True(parsed["IsTruncated"]!.GetValue<bool>());
        Assert.Equal(2, parsed["KeyCount"]!.GetValue<int>());
        Assert.Equal("next", parsed["NextContinuationToken"]!.GetValue<string>());
        var item = parsed["Contents"]![0]!;
        Assert.Equal("env/a & b.env", item["Key"]!.GetValue<string>());
        Assert.Equal("2024-01-02T03:04:05.123Z", item["LastModified"]!.GetValue<string>());
        Assert.Equal("\"abc\"", item["ETag"]!.GetValue<string>());
        Assert.Equal(3, item["Size"]!.GetValue<long>());
        Assert.Equal("env/sub/", parsed["CommonPrefixes"]![0]!["Prefix"]!.GetValue<string>());
    }

    [Fact]
    public void Botocore_parses_GetBucketLocation_with_and_without_a_region()
    {
        Assert.Equal("eu-west-1", ParseEncoded("GetBucketLocation", new JsonObject { ["LocationConstraint"] = "eu-west-1" })["LocationConstraint"]!.GetValue<string>());
        Assert.Null(ParseEncoded("GetBucketLocation", [])["LocationConstraint"]);
    }

    [Fact]
    public void Botocore_parses_HeadObject_headers()
    {
        var parsed = ParseEncoded("HeadObject", new JsonObject
        {
            ["ContentLength"] = 3L,
            ["ContentType"] = "text/plain",
            ["ETag"] = "\"abc\"",
            ["LastModified"] = JsonValue.Create(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            ["Metadata"] = new JsonObject { ["team"] = "x" },
            ["AcceptRanges"] = "bytes",
        });

        Assert.Equal(3, parsed["ContentLength"]!.GetValue<long>());
        Assert.Equal("text/plain", parsed["ContentType"]!.GetValue<string>());
        Assert.Equal("\"abc\"", parsed["ETag"]!.GetValue<string>());
        Assert.Equal("2024-01-02T03:04:05Z", parsed["LastModified"]!.GetValue<string>());
        Assert.Equal("x", parsed["Metadata"]!["team"]!.GetValue<string>());
        Assert.Equal("bytes", parsed["AcceptRanges"]!.GetValue<string>());
    }

    [Fact]
    public void Botocore_parses_CopyObject()
    {
        var parsed = ParseEncoded("CopyObject", new JsonObject
        {
            ["CopyObjectResult"] = new JsonObject
            {
                ["ETag"] = "\"abc\"",
                ["LastModified"] = JsonValue.Create(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)),
            },
        });

        Assert.Equal("\"abc\"", parsed["CopyObjectResult"]!["ETag"]!.GetValue<string>());
        Assert.Equal("2024-01-02T03:04:05Z", parsed["CopyObjectResult"]!["LastModified"]!.GetValue<string>());
    }

    [Fact]
    public void Botocore_parses_errors_with_their_extra_elements()
    {
        var error = new RestXmlException("NoSuchKey", "The specified key does not exist.", 404, [new("Key", "a & b")]);
        var response = Wire.EncodeError(S3, error, "req-1");
        var parsed = BotocoreOracle.Run([BotocoreOracle.Parse("s3", "GetObject", response.Body.ToArray(), WithContentType(response), response.Status)])[0]!["parsed"]!;

        Assert.Equal("NoSuchKey", parsed["Error"]!["Code"]!.GetValue<string>());
        Assert.Equal("The specified key does not exist.", parsed["Error"]!["Message"]!.GetValue<string>());
        Assert.Equal("a & b", parsed["Error"]!["Key"]!.GetValue<string>());
        Assert.Equal(404, parsed["ResponseMetadata"]!["HTTPStatusCode"]!.GetValue<int>());
    }
}
