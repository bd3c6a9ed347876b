using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Stevedore.Aws.Models;
using Stevedore.Aws.Protocols;

namespace Stevedore.Benchmarks.Wire;

/// <summary>
/// Protocol decode/encode on the request path: ECS DescribeTasks (JSON 1.1) as the agent calls it, and IAM GetRole
/// (Query in, XML out).
/// </summary>
[MemoryDiagnoser]
public class ProtocolBenchmarks
{
    private const string RequestId = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    private ServiceModel _ecs = null!;
    private ServiceModel _iam = null!;
    private OperationModel _describeTasks = null!;
    private OperationModel _getRole = null!;
    private WireRequest _jsonRequest = null!;
    private WireRequest _queryRequest = null!;
    private JsonObject _tasksOutput = null!;
    private JsonObject _roleOutput = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ecs = ServiceModel.Load("ecs");
        _iam = ServiceModel.Load("iam");
        _ecs.TryGetOperation("DescribeTasks", out _describeTasks);
        _iam.TryGetOperation("GetRole", out _getRole);
        _jsonRequest = new WireRequest("POST", "/", "",
            [new("Content-Type", "application/x-amz-json-1.1"), new("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeTasks")],
            "ecs.us-east-1.amazonaws.com",
            Encoding.UTF8.GetBytes("""{"cluster":"default","tasks":["arn:aws:ecs:us-east-1:111111111111:task/default/0123456789abcdef0123456789abcdef"],"include":["TAGS"]}"""));
        _queryRequest = new WireRequest("POST", "/", "",
            [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            "iam.amazonaws.com",
            "Action=GetRole&Version=2010-05-08&RoleName=ecsTaskExecutionRole"u8.ToArray());
        var created = new DateTimeOffset(2026, 11, 30, 23, 19, 7, TimeSpan.Zero);
        _tasksOutput = new JsonObject
        {
            ["tasks"] = new JsonArray(new JsonObject
            {
                ["taskArn"] = "arn:aws:ecs:us-east-1:111111111111:task/default/0123456789abcdef0123456789abcdef",
                ["clusterArn"] = "arn:aws:ecs:us-east-1:111111111111:cluster/default",
                ["taskDefinitionArn"] = "arn:aws:ecs:us-east-1:111111111111:task-definition/web:3",
                ["lastStatus"] = "RUNNING",
                ["desiredStatus"] = "RUNNING",
                ["launchType"] = "FARGATE",
                ["cpu"] = "256",
                ["memory"] = "512",
                ["createdAt"] = created,
                ["startedAt"] = created.AddSeconds(12),
                ["containers"] = new JsonArray(new JsonObject
                {
                    ["containerArn"] = "arn:aws:ecs:us-east-1:111111111111:container/default/0123/web",
                    ["name"] = "web",
                    ["image"] = "111111111111.dkr.ecr.us-east-1.amazonaws.com/app:latest",
                    ["lastStatus"] = "RUNNING",
                    ["exitCode"] = 0,
                }),
                ["tags"] = new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "platform" }),
            }),
            ["failures"] = new JsonArray(),
        };
        _roleOutput = new JsonObject
        {
            ["Role"] = new JsonObject
            {
                ["Path"] = "/",
                ["RoleName"] = "ecsTaskExecutionRole",
                ["RoleId"] = "AROAEXAMPLEEXAMPLE123",
                ["Arn"] = "arn:aws:iam::111111111111:role/ecsTaskExecutionRole",
                ["CreateDate"] = created,
                ["AssumeRolePolicyDocument"] = "%7B%22Version%22%3A%222012-10-17%22%7D",
                ["MaxSessionDuration"] = 3600,
                ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "team", ["Value"] = "platform" }),
            },
        };
        if (JsonEncode().Body.Length < 400 || QueryEncode().Body.Length < 400)
        {
            throw new InvalidOperationException("setup: the outputs do not match the models");
        }
    }

    [Benchmark]
    public DecodedRequest JsonDecode() => JsonProtocol.Instance.Decode(_ecs, _jsonRequest);

    [Benchmark]
    public WireResponse JsonEncode() => JsonProtocol.Instance.Encode(_ecs, _describeTasks, _tasksOutput, RequestId);

    [Benchmark]
    public WireResponse JsonEncodeError() =>
        JsonProtocol.Instance.EncodeError(_ecs, new AwsServiceException("ClusterNotFoundException", "Cluster not found."), RequestId);

    [Benchmark]
    public DecodedRequest QueryDecode() => QueryProtocol.Instance.Decode(_iam, _queryRequest);

    [Benchmark]
    public WireResponse QueryEncode() => QueryProtocol.Instance.Encode(_iam, _getRole, _roleOutput, RequestId);
}
