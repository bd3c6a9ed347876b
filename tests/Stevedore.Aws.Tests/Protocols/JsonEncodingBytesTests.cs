using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Aws.Tests.Protocols;

/// <summary>The JSON protocol's exact bytes: escaping, timestamps, blobs, nulls (pinned from the JsonNode encoder).</summary>
public class JsonEncodingBytesTests
{
    [Fact]
    public void Output_bytes_are_pinned()
    {
        var model = ServiceModel.Load("secretsmanager");
        Assert.True(model.TryGetOperation("GetSecretValue", out var operation));
        var output = new JsonObject
        {
            ["ARN"] = "arn:aws:secretsmanager:us-east-1:111111111111:secret:a<b>&'\"+é😀-AbCdEf",
            ["Name"] = "a\u0001b\tc",
            ["VersionId"] = null,
            ["SecretBinary"] = BlobValue.Create([0xfb, 0xff, 0xfe, 0x00, 0x3e]),
            ["VersionStages"] = new JsonArray("AWSCURRENT", null, "x"),
            ["CreatedDate"] = new DateTimeOffset(2026, 11, 30, 23, 19, 7, 123, TimeSpan.Zero),
            ["NotInTheModel"] = "dropped",
        };

        var response = JsonProtocol.Instance.Encode(model, operation, output, "id");

        Assert.Equal(200, response.Status);
        Assert.Equal("application/x-amz-json-1.1", response.ContentType);
        Assert.Equal(ExpectedOutput, Encoding.UTF8.GetString(response.Body.Span));
    }

    [Fact]
    public void Error_bytes_are_pinned()
    {
        var response = JsonProtocol.Instance.EncodeError(
            ServiceModel.Load("ecs"), new AwsServiceException("ClusterNotFoundException", "Cluster <x> & 'y' + é not found."), "id");

        Assert.Equal(ExpectedError, Encoding.UTF8.GetString(response.Body.Span));
        Assert.Equal("application/x-amz-json-1.1", response.ContentType);
        Assert.Equal([new("x-amzn-ErrorType", "ClusterNotFoundException")], response.Headers);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(10L)]
    [InlineData(100L)]
    [InlineData(120L)]
    [InlineData(1000L)]
    [InlineData(1796080747000L)]
    [InlineData(1796080747100L)]
    [InlineData(1796080747120L)]
    [InlineData(1796080747123L)]
    [InlineData(1796080747003L)]
    [InlineData(-1L)]
    [InlineData(-1500L)]
    [InlineData(-62135596800000L)]
    [InlineData(253402300799999L)]
    public void A_timestamp_is_written_as_the_double_of_its_seconds_would_be(long milliseconds)
    {
        var expected = new JsonArray(JsonValue.Create(milliseconds / 1000.0)).ToJsonString();
        var at = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

        Assert.Equal(expected, CreatedDateText(at));
        Assert.Equal(expected, CreatedDateText(at.UtcDateTime));
    }

    [Fact]
    public void Random_timestamps_are_written_as_their_doubles_would_be()
    {
        var random = new Random(1203);
        for (var i = 0; i < 2000; i++)
        {
            var milliseconds = random.NextInt64(-62135596800000L, 253402300799999L);
            var expected = new JsonArray(JsonValue.Create(Math.Round(milliseconds / 1000.0, 3))).ToJsonString();

            Assert.Equal(expected, CreatedDateText(DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)));
        }
    }

    /// <summary>The CreatedDate member of an encoded GetSecretValue output, as a one-element JSON array's text.</summary>
    private static string CreatedDateText(JsonNode date)
    {
        var body = JsonProtocol.Instance.Encode(ServiceModel.Load("secretsmanager"), GetSecretValue(), new JsonObject { ["CreatedDate"] = date }, "id").Body;
        var text = Encoding.UTF8.GetString(body.Span);
        const string Prefix = "{\"CreatedDate\":";
        Assert.StartsWith(Prefix, text, StringComparison.Ordinal);
        return "[" + text[Prefix.Length..^1] + "]";
    }

    [Fact]
    public void No_output_is_an_empty_object() =>
        Assert.Equal("{}", Encoding.UTF8.GetString(JsonProtocol.Instance.Encode(
            ServiceModel.Load("secretsmanager"), GetSecretValue(), null, "id").Body.Span));

    private static OperationModel GetSecretValue()
    {
        Assert.True(ServiceModel.Load("secretsmanager").TryGetOperation("GetSecretValue", out var operation));
        return operation;
    }

    private const string ExpectedOutput =
        """
        {"ARN":"arn:aws:secretsmanager:us-east-1:111111111111:secret:a\u003Cb\u003E\u0026\u0027\u0022\u002B\u00E9\uD83D\uDE00-AbCdEf","Name":"a\u0001b\tc","SecretBinary":"\u002B//\u002BAD4=","VersionStages":["AWSCURRENT",null,"x"],"CreatedDate":1796080747.123}
        """;
    private const string ExpectedError =
        """
        {"__type":"ClusterNotFoundException","message":"Cluster \u003Cx\u003E \u0026 \u0027y\u0027 \u002B \u00E9 not found."}
        """;
}
