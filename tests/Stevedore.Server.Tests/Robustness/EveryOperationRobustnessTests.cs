using System.Text;
using Stevedore.Agent;
using Stevedore.Aws.Protocols;
using Stevedore.Aws.SigV4;
using Stevedore.Cloud.Ecs;
using Stevedore.Cloud.Identity;
using Stevedore.Cloud.Services;
using Stevedore.Server.Pipeline;
using Stevedore.Storage.Sqlite;

namespace Stevedore.Server.Tests.Robustness;

/// <summary>
/// Bad input gets an error, never a crash: every implemented operation of every Query and JSON service (S3's REST
/// routes have their own tests) is sent random inputs shaped by its model — the right wire types with values from the
/// edges — through the whole pipeline in process, as the default account's root and against a few resources made
/// first; every answer must be an AWS error or a success, never a 5xx (InternalFailure is Stevedore's bug report).
/// </summary>
public sealed class EveryOperationRobustnessTests : IDisposable
{
    /// <summary>Inputs per operation: 40 by default, more with <c>STEVEDORE_ROBUSTNESS_INPUTS</c> (and other draws with
    /// <c>STEVEDORE_ROBUSTNESS_SEED</c>) for a longer search.</summary>
    private static readonly int InputsPerOperation = int.TryParse(Environment.GetEnvironmentVariable("STEVEDORE_ROBUSTNESS_INPUTS"), out var n) ? n : 40;

    private static readonly int SeedOffset = int.TryParse(Environment.GetEnvironmentVariable("STEVEDORE_ROBUSTNESS_SEED"), out var s) ? s : 0;

    private static readonly SigV4Signer.Credentials Root = new("test", "test");

    private static readonly RequestOrigin Outside = new("127.0.0.1", SecureTransport: true, SourceVpc: null);

    private readonly SqliteStateStore _store = SqliteStateStore.OpenInMemory();
    private readonly RequestLog _log = new(TextWriter.Null);
    private readonly IReadOnlyDictionary<string, AwsService> _services = CloudServices.Create();
    private readonly AwsRequestPipeline _pipeline;

    public EveryOperationRobustnessTests()
    {
        var rootKeys = new Dictionary<string, (string, string)>(StringComparer.Ordinal) { ["test"] = ("000000000000", "test") };
        _pipeline = new AwsRequestPipeline(_services, _store, new StoredCredentials(_store, rootKeys), TimeProvider.System, _log);
        ((EcsService)_services["ecs"]).Launcher = new SimulatedAgent(_pipeline, _store, TimeProvider.System);
    }

    public static TheoryData<string> Services() =>
        [.. CloudServices.Create().Values.Where(s => s.Model.Protocol is "json" or "query" or "ec2").Select(s => s.Name).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Services))]
    public void No_input_makes_an_operation_answer_5xx(string serviceName)
    {
        CreateResources();
        var service = _services[serviceName];
        var failures = new List<string>();
        foreach (var operation in service.ImplementedOperations.Order(StringComparer.Ordinal))
        {
            var model = service.Model;
            Assert.True(model.TryGetOperation(operation, out var op), $"{serviceName}:{operation} is not in its model");
            var inputs = new ModelInputs(StableSeed(serviceName + ":" + operation) + SeedOffset);
            for (var i = 0; i < InputsPerOperation; i++)
            {
                var input = op.Input is { } inputRef ? inputs.Structure(inputRef.Shape) : [];
                var request = model.Protocol == "json"
                    ? Json(service, op.Name, op.Input is { } shape ? ModelInputs.Json(shape.Shape, input) : "{}")
                    : Query(service, op.Input is { } shape2 ? ModelInputs.Form(op.Name, model.ApiVersion, shape2.Shape, input, model.Protocol == "ec2")
                        : $"Action={op.Name}&Version={model.ApiVersion}");
                var response = _pipeline.Handle(request, Outside);
                if (response.Status >= 500)
                {
                    failures.Add($"{operation} #{i} → {response.Status} {Encoding.UTF8.GetString(response.Body.Span)[..Math.Min(300, response.Body.Length)]}\n    input: {Encoding.UTF8.GetString(request.Body.Span)[..Math.Min(600, request.Body.Length)]}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} answers were 5xx:\n" + string.Join("\n", failures.Take(15)));
    }

    /// <summary>The inputs the search above first found answering 5xx, each now with its service's error.</summary>
    [Theory]
    [InlineData("kms", "Decrypt", "{}", "ValidationException")] // the model leaves CiphertextBlob optional
    [InlineData("kms", "CreateKey", """{"Policy":"[]"}""", "MalformedPolicyDocumentException")] // a policy that is no object
    [InlineData("kms", "CreateKey", """{"Policy":"111111111111"}""", "MalformedPolicyDocumentException")]
    [InlineData("ecs", "CreateCluster", """{"clusterName":""}""", "InvalidParameterException")] // "" was looked up as a cluster
    [InlineData("events", "PutTargets", """{"Rule":"r","Targets":[{"Id":"t","Arn":"arn:aws:sqs:us-east-1:000000000000:q","InputTransformer":{"InputPathsMap":{"a_b":"$.detail"},"InputTemplate":"<a_b>"}}]}""", null)] // Java's \_ in the model's path keys
    public void Json_inputs_that_once_answered_500(string serviceName, string operation, string body, string? code)
    {
        CreateResources();
        var response = _pipeline.Handle(Json(_services[serviceName], operation, body), Outside);
        var text = Encoding.UTF8.GetString(response.Body.Span);
        if (code is null)
        {
            Assert.True(response.Status == 200, text);
        }
        else
        {
            Assert.True(response.Status == 400, text);
            Assert.Equal(code, System.Text.Json.JsonDocument.Parse(response.Body).RootElement.GetProperty("__type").GetString());
        }
    }

    [Theory]
    [InlineData("iam", "Action=GetRole&RoleName=a%00b&Version=2010-05-08", "ValidationError", "&#x0;")] // the error echoes the name
    [InlineData("ec2", "Action=DeleteSubnet&SubnetId=&Version=2016-11-15", "InvalidParameterValue", "Value () for parameter subnetId is invalid. The value cannot be empty")]
    [InlineData("ec2", "Action=DeleteVpcEndpoints&VpcEndpointId.1=&Version=2016-11-15", "InvalidParameterValue", "The value cannot be empty")]
    public void Query_inputs_that_once_answered_500(string serviceName, string form, string code, string inMessage)
    {
        CreateResources();
        var response = _pipeline.Handle(Query(_services[serviceName], form), Outside);
        var text = Encoding.UTF8.GetString(response.Body.Span);
        Assert.True(response.Status == 400, text);
        Assert.Contains($"<Code>{code}</Code>", text, StringComparison.Ordinal);
        Assert.Contains(inMessage, text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_S3_error_naming_a_key_with_a_control_character_is_written_not_thrown()
    {
        // NoSuchBucket echoes the bucket name: a control character in it once failed the answer (500, no body).
        const string host = "s3.us-east-1.amazonaws.com";
        var headers = SigV4Signer.Sign("GET", "/no%01such/key", "", [], host, [], Root, "us-east-1", "s3", DateTimeOffset.UtcNow);
        var response = _pipeline.Handle(new WireRequest("GET", "/no%01such/key", "", headers, host, Array.Empty<byte>()), Outside);
        var text = Encoding.UTF8.GetString(response.Body.Span);

        Assert.True(response.Status is >= 400 and < 500, $"{response.Status} {text}");
        Assert.Contains("&#x1;", text, StringComparison.Ordinal);
    }

    /// <summary>Names the inputs draw from, so that some requests find what they name.</summary>
    private void CreateResources()
    {
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";
        var setup = new (string Service, string Target, string Body)[]
        {
            ("logs", "Logs_20140328.CreateLogGroup", """{"logGroupName":"/a/b"}"""),
            ("logs", "Logs_20140328.CreateLogStream", """{"logGroupName":"/a/b","logStreamName":"s"}"""),
            ("secretsmanager", "secretsmanager.CreateSecret", """{"Name":"s","SecretString":"{\"k\":\"v\"}"}"""),
            ("ssm", "AmazonSSM.PutParameter", """{"Name":"/a/b","Value":"v","Type":"SecureString"}"""),
            ("ssm", "AmazonSSM.PutParameter", """{"Name":"a","Value":"v","Type":"String"}"""),
            ("kms", "TrentService.CreateAlias", """{"AliasName":"alias/k","TargetKeyId":"KEY"}"""),
            ("ecr", "AmazonEC2ContainerRegistry_V20150921.CreateRepository", """{"repositoryName":"ab"}"""),
            ("events", "AWSEvents.PutRule", """{"Name":"r","ScheduleExpression":"rate(5 minutes)"}"""),
            ("ecs", "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition",
                """{"family":"f","containerDefinitions":[{"name":"c","image":"ab","memory":128}]}"""),
        };
        var key = Json(_services["kms"], "CreateKey", "{}");
        var keyId = System.Text.Json.JsonDocument.Parse(_pipeline.Handle(key, Outside).Body).RootElement.GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        foreach (var (service, target, body) in setup)
        {
            var response = _pipeline.Handle(Json(_services[service], target[(target.LastIndexOf('.') + 1)..], body.Replace("KEY", keyId, StringComparison.Ordinal)), Outside);
            Assert.True(response.Status == 200, $"{target}: {response.Status} {Encoding.UTF8.GetString(response.Body.Span)}");
        }

        var role = _pipeline.Handle(Query(_services["iam"], "Action=CreateRole&RoleName=r&Version=2010-05-08&AssumeRolePolicyDocument=" + Uri.EscapeDataString(trust)), Outside);
        Assert.Equal(200, role.Status);
        var user = _pipeline.Handle(Query(_services["iam"], "Action=CreateUser&UserName=u&Version=2010-05-08"), Outside);
        Assert.Equal(200, user.Status);
        var vpc = _pipeline.Handle(Query(_services["ec2"], "Action=CreateVpc&CidrBlock=10.0.0.0%2F16&Version=2016-11-15"), Outside);
        Assert.Equal(200, vpc.Status);
    }

    /// <summary>A seed that is the same in every run (string.GetHashCode is not).</summary>
    private static int StableSeed(string text) => text.Aggregate(17, (hash, ch) => unchecked((hash * 31) + ch));

    private static WireRequest Json(AwsService service, string operation, string json)
    {
        var host = $"{service.Model.EndpointPrefix}.us-east-1.amazonaws.com";
        var body = Encoding.UTF8.GetBytes(json);
        var target = $"{service.Model.TargetPrefix}.{operation}";
        var headers = SigV4Signer.Sign("POST", "/", "", [new("Content-Type", $"application/x-amz-json-{service.Model.JsonVersion}"), new("X-Amz-Target", target)],
            host, body, Root, "us-east-1", service.Name, DateTimeOffset.UtcNow);
        return new WireRequest("POST", "/", "", headers, host, body);
    }

    private static WireRequest Query(AwsService service, string form)
    {
        var host = service.Name is "iam" or "sts" ? $"{service.Name}.amazonaws.com" : $"{service.Name}.us-east-1.amazonaws.com";
        var body = Encoding.UTF8.GetBytes(form);
        var headers = SigV4Signer.Sign("POST", "/", "", [new("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            host, body, Root, "us-east-1", service.Name, DateTimeOffset.UtcNow);
        return new WireRequest("POST", "/", "", headers, host, body);
    }

    public void Dispose()
    {
        _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _store.Dispose();
    }
}
