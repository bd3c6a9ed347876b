using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Aws.Tests.Protocols;

/// <summary>The JSON 1.1 protocol against botocore's own serializer and parser.</summary>
public sealed class JsonRoundTripTests
{
    private static readonly ServiceModel Ecr = ServiceModel.Load("ecr");
    private static readonly ServiceModel Kms = ServiceModel.Load("kms");
    private static readonly DateTimeOffset Created = new(2024, 1, 2, 3, 4, 5, 250, TimeSpan.Zero);

    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static WireRequest Request(string target, string body) =>
        new("POST", "/", "", [new("X-Amz-Target", target), new("Content-Type", "application/x-amz-json-1.1")], "localhost", Encoding.UTF8.GetBytes(body));

    [Fact]
    public void Decoder_reads_what_botocore_serializes()
    {
        var cases = new (ServiceModel Model, string Operation, string Params)[]
        {
            (Ecr, "CreateRepository", """{"repositoryName": "app/web", "imageTagMutability": "IMMUTABLE", "tags": [{"Key": "team", "Value": "a"}]}"""),
            (Ecr, "BatchGetImage", """{"repositoryName": "app", "registryId": "111111111111", "imageIds": [{"imageTag": "latest"}, {"imageDigest": "sha256:ab"}]}"""),
            (Kms, "Encrypt", """{"KeyId": "alias/k", "Plaintext": "aGVsbG8=", "EncryptionContext": {"a": "b"}}"""),
            (Kms, "ScheduleKeyDeletion", """{"KeyId": "k", "PendingWindowInDays": 7}"""),
        };
        var batch = new JsonArray();
        foreach (var (model, op, json) in cases)
        {
            var parameters = Obj(json);
            if (op == "Encrypt")
            {
                parameters["Plaintext"] = "hello"; // botocore takes bytes/str and base64-encodes it
            }
            batch.Add(BotocoreOracle.Serialize(model.ServiceName, op, parameters));
        }

        var results = BotocoreOracle.Run(batch);
        for (var i = 0; i < cases.Length; i++)
        {
            var (model, op, json) = cases[i];
            var headers = results[i]!["headers"]!.AsObject();
            var request = Request(headers["X-Amz-Target"]!.GetValue<string>(), results[i]!["body"]!.GetValue<string>());
            var decoded = JsonProtocol.Instance.Decode(model, request);
            Assert.Equal(op, decoded.Name);
            Assert.Equal("application/x-amz-json-1.1", headers["Content-Type"]!.GetValue<string>());
            if (op == "Encrypt")
            {
                Assert.Equal("hello", Encoding.UTF8.GetString(decoded.Input["Plaintext"]!.GetValue<byte[]>()));
                Assert.Equal("b", decoded.Input["EncryptionContext"]!["a"]!.GetValue<string>());
                continue;
            }

            Assert.True(JsonNode.DeepEquals(Obj(json), decoded.Input), $"{op}: {decoded.Input.ToJsonString()}");
        }
    }

    [Fact]
    public void Botocore_parses_what_the_encoder_writes()
    {
        var output = new JsonObject
        {
            ["repository"] = new JsonObject
            {
                ["repositoryArn"] = "arn:aws:ecr:us-east-1:000000000000:repository/app",
                ["registryId"] = "000000000000",
                ["repositoryName"] = "app",
                ["repositoryUri"] = "000000000000.dkr.ecr.us-east-1.amazonaws.com/app",
                ["createdAt"] = Created,
                ["imageScanningConfiguration"] = new JsonObject { ["scanOnPush"] = false },
            },
        };
        var encoded = JsonProtocol.Instance.Encode(Ecr, Ecr.Operations["CreateRepository"], output, "rid");
        var kms = JsonProtocol.Instance.Encode(Kms, Kms.Operations["Encrypt"],
            new JsonObject { ["CiphertextBlob"] = JsonValue.Create(new byte[] { 1, 2, 255 }), ["KeyId"] = "arn:k" }, "rid");
        var error = JsonProtocol.Instance.EncodeError(Ecr, new AwsServiceException("RepositoryNotFoundException", "The repository with name 'x' does not exist"), "rid");

        var results = BotocoreOracle.Run([Parse("ecr", "CreateRepository", encoded), Parse("kms", "Encrypt", kms), Parse("ecr", "DescribeRepositories", error)]);

        var repository = results[0]!["parsed"]!["repository"]!;
        Assert.Equal("app", repository["repositoryName"]!.GetValue<string>());
        Assert.Equal("2024-01-02T03:04:05.250Z", repository["createdAt"]!.GetValue<string>());
        Assert.False(repository["imageScanningConfiguration"]!["scanOnPush"]!.GetValue<bool>());
        Assert.Equal("\u0001\u0002\u00ff", results[1]!["parsed"]!["CiphertextBlob"]!.GetValue<string>());
        var parsedError = results[2]!["parsed"]!["Error"]!;
        Assert.Equal("RepositoryNotFoundException", parsedError["Code"]!.GetValue<string>());
        Assert.Equal("The repository with name 'x' does not exist", parsedError["Message"]!.GetValue<string>());
        Assert.Equal(400, error.Status);
    }

    [Theory]
    [InlineData("AmazonEC2ContainerRegistry_V20150921.NoSuchOperation", "{}", "UnknownOperationException")]
    [InlineData("Wrong_Prefix.CreateRepository", "{}", "UnknownOperationException")]
    [InlineData("AmazonEC2ContainerRegistry_V20150921.CreateRepository", "{not json", "SerializationException")]
    [InlineData("AmazonEC2ContainerRegistry_V20150921.CreateRepository", """{"repositoryName": 5}""", "SerializationException")]
    [InlineData("AmazonEC2ContainerRegistry_V20150921.CreateRepository", "{}", "ValidationException")]
    [InlineData("AmazonEC2ContainerRegistry_V20150921.StartImageScan", "{}", "InternalFailure")]
    public void Bad_requests_get_the_protocols_errors(string target, string body, string code)
    {
        var error = Assert.Throws<AwsServiceException>(() => JsonProtocol.Instance.Decode(Ecr, Request(target, body)));
        Assert.Equal(code, error.Code);
        if (code == "ValidationException")
        {
            Assert.Equal("1 validation error detected: Value null at 'repositoryName' failed to satisfy constraint: Member must not be null", error.Message);
        }
    }

    [Theory]
    [InlineData("""{"repositoryName": 5}""", "NUMBER_VALUE can not be converted to a String")]
    [InlineData("""{"repositoryName": {"a": 1}}""", "Start of structure or map found where not expected.")]
    [InlineData("""{"repositoryName": ["a"]}""", "Start of list found where not expected")]
    [InlineData("""{"imageScanningConfiguration": {"scanOnPush": "yes"}}""", "STRING_VALUE can not be converted to a Boolean")]
    [InlineData("[]", "Start of structure or map expected")]
    [InlineData("null", "Start of structure or map expected")]
    [InlineData("{not json", "Unable to parse the request body as JSON")]
    public void Malformed_bodies_are_worded_as_the_json_protocol_words_them(string body, string message)
    {
        var error = Assert.Throws<AwsServiceException>(() =>
            JsonProtocol.Instance.Decode(Ecr, Request("AmazonEC2ContainerRegistry_V20150921.CreateRepository", body)));
        Assert.Equal("SerializationException", error.Code);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_string_member_whose_bytes_are_not_utf8_is_a_malformed_body()
    {
        // JsonDocument checks a string's UTF-8 only when it is read: this once answered InternalFailure (HTTP 500).
        var body = Encoding.UTF8.GetBytes("""{"repositoryName":"a?b"}""");
        body[Array.IndexOf(body, (byte)'?')] = 0xFF;
        var request = Request("AmazonEC2ContainerRegistry_V20150921.CreateRepository", "") with { Body = body };

        var error = Assert.Throws<AwsServiceException>(() => JsonProtocol.Instance.Decode(Ecr, request));
        Assert.Equal("SerializationException", error.Code);
        Assert.Equal("Unable to parse the request body as JSON", error.Message);
    }

    [Theory]
    [InlineData("1e300")]
    [InlineData("-1e300")]
    [InlineData("253402300800")] // 10000-01-01T00:00:00Z, one second past what a timestamp can hold
    public void An_epoch_timestamp_out_of_range_is_a_serialization_error(string epoch)
    {
        var model = ServiceModel.Parse("stamps", new MemoryStream(Encoding.UTF8.GetBytes("""
            {"metadata": {"apiVersion": "2020-01-01", "protocol": "json", "jsonVersion": "1.1", "targetPrefix": "Stamps", "signingName": "stamps"},
             "allOperationNames": ["Put"],
             "operations": {"Put": {"http": {"method": "POST", "requestUri": "/"}, "input": {"shape": "PutRequest"}}},
             "shapes": {"PutRequest": {"type": "structure", "members": {"At": {"shape": "Stamp"}}}, "Stamp": {"type": "timestamp"}}}
            """)));

        var ok = JsonProtocol.Instance.Decode(model, Request("Stamps.Put", """{"At": 1700000000.5}"""));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_500), ok.Input["At"]!.GetValue<DateTimeOffset>());

        var error = Assert.Throws<AwsServiceException>(() => JsonProtocol.Instance.Decode(model, Request("Stamps.Put", $$"""{"At": {{epoch}}}""")));
        Assert.Equal("SerializationException", error.Code);
        Assert.Equal("NUMBER_VALUE can not be converted to a Timestamp", error.Message);
    }

    [Fact]
    public void A_body_decodes_into_the_input_by_member_name_skipping_nulls_and_unknown_members()
    {
        var decoded = JsonProtocol.Instance.Decode(Ecr, Request("AmazonEC2ContainerRegistry_V20150921.CreateRepository",
            """{"repositoryName":"app","registryId":null,"unknown":1,"tags":[{"Key":"team","Value":"a"}],"imageScanningConfiguration":{"scanOnPush":true},"repositoryName":"last"}"""));

        Assert.Equal("last", decoded.Input["repositoryName"]!.GetValue<string>());
        Assert.False(decoded.Input.ContainsKey("registryId"));
        Assert.False(decoded.Input.ContainsKey("unknown"));
        Assert.Equal("team", decoded.Input["tags"]![0]!["Key"]!.GetValue<string>());
        Assert.True(decoded.Input["imageScanningConfiguration"]!["scanOnPush"]!.GetValue<bool>());

        var empty = JsonProtocol.Instance.Decode(Ecr, Request("AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", ""));
        Assert.Empty(empty.Input);
    }

    private static JsonObject Parse(string service, string operation, WireResponse response)
    {
        var request = BotocoreOracle.Parse(service, operation, response.Body.ToArray(), response.Status);
        var headers = new JsonObject { ["content-type"] = response.ContentType };
        foreach (var (name, value) in response.Headers)
        {
            headers[name] = value;
        }

        request["headers"] = headers;
        return request;
    }
}
