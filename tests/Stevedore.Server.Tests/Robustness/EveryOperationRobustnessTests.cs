using System.Text;
using Stevedore.Cloud.Services;

namespace Stevedore.Server.Tests.Robustness;

/// <summary>
/// Bad input gets an error, never a crash: every implemented operation of every Query and JSON service (S3's REST
/// routes in <see cref="S3RobustnessTests"/>) is sent random inputs shaped by its model — the right wire types with values from the
/// edges — through the whole pipeline in process, as the default account's root and against a few resources made
/// first; every answer must be an AWS error or a success, never a 5xx (InternalFailure is Stevedore's bug report).
/// </summary>
public sealed class EveryOperationRobustnessTests : IDisposable
{
    private readonly InProcessCloud _cloud = new();

    public static TheoryData<string> Services() =>
        [.. CloudServices.Create().Values.Where(s => s.Model.Protocol is "json" or "query" or "ec2").Select(s => s.Name).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Services))]
    public void No_input_makes_an_operation_answer_5xx(string serviceName)
    {
        CreateResources();
        Search(serviceName);
    }

    /// <summary>
    /// The same search as an IAM user, so that every request is evaluated by the engine with its context keys: allowed
    /// everything, but for a Deny whose conditions read resource tags, request tags and the tag keys on every request.
    /// </summary>
    [Theory]
    [MemberData(nameof(Services))]
    public void No_input_makes_an_operation_answer_5xx_for_an_IAM_user(string serviceName)
    {
        CreateResources();
        const string policy = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"*","Resource":"*"},
              {"Effect":"Deny","Action":"*","Resource":"*","Condition":{"StringEquals":{"aws:ResourceTag/team":"never"},
                "ForAnyValue:StringEquals":{"aws:TagKeys":["never"]},"StringLike":{"aws:RequestTag/team":"never*"}}}]}
            """;
        var iam = _cloud.Services["iam"];
        Assert.Equal(200, _cloud.Handle(_cloud.Query(iam, "Action=PutUserPolicy&UserName=u&PolicyName=p&Version=2010-05-08&PolicyDocument=" + Uri.EscapeDataString(policy))).Status);
        var key = _cloud.Handle(_cloud.Query(iam, "Action=CreateAccessKey&UserName=u&Version=2010-05-08"));
        var xml = System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(key.Body.Span));
        string Field(string name) => xml.Descendants().First(e => e.Name.LocalName == name).Value;
        _cloud.Signer = new(Field("AccessKeyId"), Field("SecretAccessKey"));

        Search(serviceName);
    }

    private void Search(string serviceName)
    {
        var service = _cloud.Services[serviceName];
        var failures = new List<string>();
        var answered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var operation in service.ImplementedOperations.Order(StringComparer.Ordinal))
        {
            var model = service.Model;
            Assert.True(model.TryGetOperation(operation, out var op), $"{serviceName}:{operation} is not in its model");
            var inputs = new ModelInputs(RobustnessRuns.Seed(serviceName + ":" + operation));
            for (var i = 0; i < RobustnessRuns.InputsPerOperation; i++)
            {
                var input = op.Input is { } inputRef ? inputs.Structure(inputRef.Shape) : [];
                var request = model.Protocol == "json"
                    ? _cloud.Json(service, op.Name, op.Input is { } shape ? ModelInputs.Json(shape.Shape, input) : "{}")
                    : _cloud.Query(service, op.Input is { } shape2 ? ModelInputs.Form(op.Name, model.ApiVersion, shape2.Shape, input, model.Protocol == "ec2")
                        : $"Action={op.Name}&Version={model.ApiVersion}");
                var response = _cloud.Handle(request);
                if (response.Status >= 500)
                {
                    failures.Add($"{operation} #{i} → {response.Status} {Encoding.UTF8.GetString(response.Body.Span)[..Math.Min(300, response.Body.Length)]}\n    input: {Encoding.UTF8.GetString(request.Body.Span)[..Math.Min(600, request.Body.Length)]}");
                }
                else if (response.Status == 200)
                {
                    answered.Add(operation);
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} answers were 5xx:\n" + string.Join("\n", failures.Take(15)));

        // Not a search that only ever met validation or a denial: some operations of each service got through.
        Assert.True(answered.Count >= 2, $"{serviceName}: only {string.Join(", ", answered)} ever answered 200");
    }

    /// <summary>The inputs the search above first found answering 5xx, each now with its service's error.</summary>
    [Theory]
    [InlineData("kms", "Decrypt", "{}", "ValidationException")] // the model leaves CiphertextBlob optional
    [InlineData("kms", "CreateKey", """{"Policy":"[]"}""", "MalformedPolicyDocumentException")] // a policy that is no object
    [InlineData("kms", "CreateKey", """{"Policy":"111111111111"}""", "MalformedPolicyDocumentException")]
    [InlineData("ecs", "CreateCluster", """{"clusterName":""}""", "InvalidParameterException")] // "" was looked up as a cluster
    [InlineData("ecs", "RegisterTaskDefinition", """{"family":"f","requiresCompatibilities":[null],"containerDefinitions":[{"name":"c","image":"i","memory":128}]}""",
        "ValidationException")] // a null inside a list reached the handler
    [InlineData("events", "PutTargets", """{"Rule":"r","Targets":[{"Id":"t","Arn":"arn:aws:sqs:us-east-1:000000000000:q","InputTransformer":{"InputPathsMap":{"a_b":"$.detail"},"InputTemplate":"<a_b>"}}]}""", null)] // Java's \_ in the model's path keys
    public void Json_inputs_that_once_answered_500(string serviceName, string operation, string body, string? code)
    {
        CreateResources();
        var response = _cloud.Handle(_cloud.Json(_cloud.Services[serviceName], operation, body));
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
        var response = _cloud.Handle(_cloud.Query(_cloud.Services[serviceName], form));
        var text = Encoding.UTF8.GetString(response.Body.Span);
        Assert.True(response.Status == 400, text);
        Assert.Contains($"<Code>{code}</Code>", text, StringComparison.Ordinal);
        Assert.Contains(inMessage, text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_S3_error_naming_a_key_with_a_control_character_is_written_not_thrown()
    {
        // NoSuchBucket echoes the bucket name: a control character in it once failed the answer (500, no body).
        var response = _cloud.Handle(_cloud.S3("GET", "/no%01such/key", "", [], []));
        var text = Encoding.UTF8.GetString(response.Body.Span);

        Assert.True(response.Status is >= 400 and < 500, $"{response.Status} {text}");
        Assert.Contains("&#x1;", text, StringComparison.Ordinal);
    }

    /// <summary>Names the inputs draw from, so that some requests find what they name.</summary>
    private void CreateResources() => CreateResources(_cloud);

    /// <summary>Names the inputs draw from (see <see cref="ModelInputs"/>), made in <paramref name="cloud"/>.</summary>
    internal static void CreateResources(InProcessCloud cloud)
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
            ("ecs", "AmazonEC2ContainerServiceV20141113.CreateCluster", "{}"),
            ("ecs", "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition",
                """{"family":"f","containerDefinitions":[{"name":"c","image":"ab","memory":128}]}"""),
        };
        var key = cloud.Json(cloud.Services["kms"], "CreateKey", "{}");
        var keyId = System.Text.Json.JsonDocument.Parse(cloud.Handle(key).Body).RootElement.GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        foreach (var (service, target, body) in setup)
        {
            var response = cloud.Handle(cloud.Json(cloud.Services[service], target[(target.LastIndexOf('.') + 1)..], body.Replace("KEY", keyId, StringComparison.Ordinal)));
            Assert.True(response.Status == 200, $"{target}: {response.Status} {Encoding.UTF8.GetString(response.Body.Span)}");
        }

        var role = cloud.Handle(cloud.Query(cloud.Services["iam"], "Action=CreateRole&RoleName=r&Version=2010-05-08&AssumeRolePolicyDocument=" + Uri.EscapeDataString(trust)));
        Assert.Equal(200, role.Status);
        var user = cloud.Handle(cloud.Query(cloud.Services["iam"], "Action=CreateUser&UserName=u&Version=2010-05-08"));
        Assert.Equal(200, user.Status);
        var vpc = cloud.Handle(cloud.Query(cloud.Services["ec2"], "Action=CreateVpc&CidrBlock=10.0.0.0%2F16&Version=2016-11-15"));
        Assert.Equal(200, vpc.Status);
    }


    public void Dispose() => _cloud.Dispose();

}
