using System.Collections.Concurrent;
using System.Text;

namespace Stevedore.Server.Tests.Robustness;

/// <summary>
/// Writes to one resource from many threads at once: each is an answer AWS could give (a success, or the service's
/// own conflict error), never a storage failure or an internal error, and nothing acknowledged is lost.
/// </summary>
public sealed class ConcurrentWritesTests : IDisposable
{
    private readonly InProcessCloud _cloud = new();

    [Theory]
    [InlineData("secretsmanager", "PutSecretValue", """{"SecretId":"s","SecretString":"v{i}"}""")]
    [InlineData("secretsmanager", "TagResource", """{"SecretId":"s","Tags":[{"Key":"k{i}","Value":"v"}]}""")]
    [InlineData("ssm", "PutParameter", """{"Name":"/a/b","Value":"v{i}","Type":"String","Overwrite":true}""")]
    [InlineData("ssm", "AddTagsToResource", """{"ResourceType":"Parameter","ResourceId":"/a/b","Tags":[{"Key":"k{i}","Value":"v"}]}""")]
    [InlineData("logs", "PutLogEvents", """{"logGroupName":"/a/b","logStreamName":"s","logEvents":[{"timestamp":NOW,"message":"m{i}"}]}""")]
    [InlineData("logs", "PutRetentionPolicy", """{"logGroupName":"/a/b","retentionInDays":7}""")]
    [InlineData("kms", "TagResource", """{"KeyId":"alias/k","Tags":[{"TagKey":"k{i}","TagValue":"v"}]}""")]
    [InlineData("kms", "CreateAlias", """{"AliasName":"alias/a{i}","TargetKeyId":"alias/k"}""")]
    [InlineData("ecr", "PutImage", """{"repositoryName":"ab","imageManifest":"{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":1,\"digest\":\"sha256:{i64}\"},\"layers\":[]}","imageTag":"t{i}"}""")]
    [InlineData("ecs", "RegisterTaskDefinition", """{"family":"f","containerDefinitions":[{"name":"c","image":"ab","memory":128}]}""")]
    [InlineData("events", "PutTargets", """{"Rule":"r","Targets":[{"Id":"t{i}","Arn":"arn:aws:sqs:us-east-1:000000000000:q"}]}""")]
    public void Concurrent_writes_to_one_resource_never_answer_5xx(string serviceName, string operation, string template)
    {
        EveryOperationRobustnessTests.CreateResources(_cloud);
        var service = _cloud.Services[serviceName];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answers = new ConcurrentBag<(int Status, string Body)>();
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            var body = template.Replace("{i64}", i.ToString("x64", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("NOW", now, StringComparison.Ordinal);
            var response = _cloud.Handle(_cloud.Json(service, operation, body));
            answers.Add((response.Status, Encoding.UTF8.GetString(response.Body.Span)));
        });

        var failures = answers.Where(a => a.Status >= 500).ToList();
        Assert.True(failures.Count == 0, $"{failures.Count} of 64 answered 5xx, e.g. {failures.FirstOrDefault().Status} {failures.FirstOrDefault().Body}");
        Assert.Contains(answers, a => a.Status == 200);
    }

    [Fact]
    public void Concurrent_tags_and_log_events_are_all_kept()
    {
        EveryOperationRobustnessTests.CreateResources(_cloud);
        var secrets = _cloud.Services["secretsmanager"];
        var logs = _cloud.Services["logs"];
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
        {
            Assert.Equal(200, _cloud.Handle(_cloud.Json(secrets, "TagResource", $$$"""{"SecretId":"s","Tags":[{"Key":"k{{{i}}}","Value":"v"}]}""")).Status);
            Assert.Equal(200, _cloud.Handle(_cloud.Json(logs, "PutLogEvents",
                $$$"""{"logGroupName":"/a/b","logStreamName":"s","logEvents":[{"timestamp":{{{now}}},"message":"m{{{i}}}"}]}""")).Status);
        });

        using var described = System.Text.Json.JsonDocument.Parse(_cloud.Handle(_cloud.Json(secrets, "DescribeSecret", """{"SecretId":"s"}""")).Body);
        Assert.Equal(40, described.RootElement.GetProperty("Tags").GetArrayLength());
        using var events = System.Text.Json.JsonDocument.Parse(_cloud.Handle(_cloud.Json(logs, "GetLogEvents",
            """{"logGroupName":"/a/b","logStreamName":"s","startFromHead":true,"limit":100}""")).Body);
        Assert.Equal(40, events.RootElement.GetProperty("events").GetArrayLength());
    }

    public void Dispose() => _cloud.Dispose();
}
