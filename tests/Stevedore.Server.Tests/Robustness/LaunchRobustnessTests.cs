using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stevedore.Server.Tests.Robustness;

/// <summary>
/// The simulated agent against odd task definitions: a Fargate task that starts (a private image, an SSM and a Secrets
/// Manager secret, an S3 environment file, awslogs) registered again with one member changed — a value from the edges,
/// another type, or the member removed — then run. Registering may refuse it; a task that is run must end RUNNING or
/// STOPPED with a reason, and no answer may be a 5xx.
/// </summary>
public sealed class LaunchRobustnessTests : IDisposable
{
    private const string A = "000000000000";
    private const string R = "us-east-1";

    private static readonly JsonNode?[] Replacements =
    [
        null, "", "x", "*", "/", ":", "::", "arn:aws:ssm:us-east-1:000000000000:parameter/", "arn:aws:secretsmanager:us-east-1:000000000000:secret:bench/creds:password:AWSCURRENT:",
        "arn:aws:s3:::bench-env/", "arn:aws:s3:::/app.env", "000000000000.dkr.ecr.us-east-1.amazonaws.com/", "bench/app@sha256:" + new string('1', 64), "ü\u0000",
        new string('x', 3000), -1, 0, 2147483647, true, new JsonArray(), new JsonObject(), new JsonArray("a", 1),
    ];

    private readonly InProcessCloud _cloud = new();

    [Fact]
    public void Odd_task_definitions_are_refused_or_run_to_an_answer()
    {
        var (definition, run) = CreateWorld();
        var first = RunAndDescribe(definition, run);
        Assert.True(first.Status == "RUNNING", first.Answer);

        var random = new Random(RobustnessRuns.Seed("launch"));
        var failures = new List<string>();
        var ran = 0;
        for (var i = 0; i < RobustnessRuns.InputsPerOperation * 5; i++)
        {
            // Mostly the definition; every fourth time the RunTask request, with overrides to change as well.
            var mutateRun = i % 4 == 3;
            var body = Mutate(mutateRun ? RunWithOverrides(run) : definition, random);
            var (status, answer) = mutateRun ? RunAndDescribe(definition, body) : RunAndDescribe(body, run);
            if (status is null)
            {
                failures.Add($"#{i}: {answer}\n    {body[..Math.Min(700, body.Length)]}");
            }
            else if (status is "RUNNING" or "STOPPED")
            {
                ran++;
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} failed:\n" + string.Join("\n", failures.Take(10)));
        Assert.True(ran > 10, $"only {ran} of the odd definitions registered and ran");
    }

    [Fact]
    public void A_run_with_an_empty_subnet_id_is_refused()
    {
        // Found by the search above: an empty subnet id was looked up in the store (500).
        var (definition, _) = CreateWorld();
        var ecs = _cloud.Services["ecs"];
        Assert.Equal(200, _cloud.Handle(_cloud.Json(ecs, "RegisterTaskDefinition", definition)).Status);
        var response = _cloud.Handle(_cloud.Json(ecs, "RunTask",
            """{"cluster":"bench","taskDefinition":"bench","launchType":"FARGATE","networkConfiguration":{"awsvpcConfiguration":{"subnets":[""]}}}"""));

        var text = Encoding.UTF8.GetString(response.Body.Span);
        Assert.True(response.Status == 400, text);
        Assert.Contains("InvalidParameterException", text, StringComparison.Ordinal);
    }

    private static string Mutate(string json, Random random)
    {
        var mutated = JsonNode.Parse(json)!;
        var leaves = Leaves(mutated).ToList();
        var (parent, key) = leaves[random.Next(leaves.Count)];
        var replacement = Replacements[random.Next(Replacements.Length)]?.DeepClone();
        if (parent is JsonObject obj)
        {
            if (random.Next(4) == 0)
            {
                obj.Remove((string)key);
            }
            else
            {
                obj[(string)key] = replacement;
            }
        }
        else if (parent is JsonArray array)
        {
            array[(int)key] = replacement;
        }

        return mutated.ToJsonString();
    }

    /// <summary>The run request with overrides of the execution role, the container and the task size.</summary>
    private static string RunWithOverrides(string run)
    {
        var request = JsonNode.Parse(run)!.AsObject();
        request["overrides"] = JsonNode.Parse($$"""
            {"executionRoleArn":"arn:aws:iam::{{A}}:role/bench-exec","cpu":"256","memory":"512",
             "containerOverrides":[{"name":"app","environment":[{"name":"A","value":"1"}],"environmentFiles":[{"type":"s3","value":"arn:aws:s3:::bench-env/app.env"}]}]}
            """);
        return request.ToJsonString();
    }

    /// <summary>Registers and runs; the task's last status, or null and the 5xx answer, or "refused".</summary>
    private (string? Status, string Answer) RunAndDescribe(string definition, string run)
    {
        var ecs = _cloud.Services["ecs"];
        var registered = _cloud.Handle(_cloud.Json(ecs, "RegisterTaskDefinition", definition));
        if (registered.Status >= 500)
        {
            return (null, "RegisterTaskDefinition " + Encoding.UTF8.GetString(registered.Body.Span));
        }

        if (registered.Status != 200)
        {
            return ("refused", Encoding.UTF8.GetString(registered.Body.Span));
        }

        var ran = _cloud.Handle(_cloud.Json(ecs, "RunTask", run));
        var text = Encoding.UTF8.GetString(ran.Body.Span);
        if (ran.Status >= 500)
        {
            return (null, "RunTask " + text);
        }

        if (ran.Status != 200)
        {
            return ("refused", text);
        }

        using var document = JsonDocument.Parse(text);
        var tasks = document.RootElement.GetProperty("tasks");
        if (tasks.GetArrayLength() == 0)
        {
            return ("refused", text); // a failure entry: the task was not placed
        }

        var taskArn = tasks[0].GetProperty("taskArn").GetString()!;
        for (var wait = 0; wait < 200; wait++)
        {
            var described = _cloud.Handle(_cloud.Json(ecs, "DescribeTasks", $$"""{"cluster":"bench","tasks":["{{taskArn}}"]}"""));
            using var found = JsonDocument.Parse(described.Body);
            var task = found.RootElement.GetProperty("tasks")[0];
            var status = task.GetProperty("lastStatus").GetString();
            if (status == "STOPPED")
            {
                return task.TryGetProperty("stoppedReason", out _) ? (status, text) : (null, "STOPPED without a stoppedReason: " + task);
            }

            if (status == "RUNNING")
            {
                return (status, text);
            }

            Thread.Sleep(25);
        }

        return (null, "still not RUNNING or STOPPED after 5 s: " + taskArn);
    }

    private static IEnumerable<(JsonNode Parent, object Key)> Leaves(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    yield return (obj, key);
                    if (value is not null)
                    {
                        foreach (var leaf in Leaves(value))
                        {
                            yield return leaf;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, i);
                    if (array[i] is { } item)
                    {
                        foreach (var leaf in Leaves(item))
                        {
                            yield return leaf;
                        }
                    }
                }

                break;
        }
    }

    /// <summary>The world of the launch benchmark (benchmarks/Stevedore.LoadGen/setup_runtask.py), made in process.</summary>
    private (string Definition, string Run) CreateWorld()
    {
        var trust = $$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"aws:SourceAccount":"{{{{A}}}}"}}}]}""";
        var secrets = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameters","Resource":"arn:aws:ssm:{{R}}:{{A}}:parameter/bench/*"},{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:{{R}}:{{A}}:secret:bench/*"},{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::bench-env/*"},{"Effect":"Allow","Action":"s3:GetBucketLocation","Resource":"arn:aws:s3:::bench-env"}]}""";
        var iam = _cloud.Services["iam"];
        Ok(_cloud.Query(iam, "Action=CreateRole&RoleName=bench-exec&Version=2010-05-08&AssumeRolePolicyDocument=" + Uri.EscapeDataString(trust)));
        Ok(_cloud.Query(iam, "Action=AttachRolePolicy&RoleName=bench-exec&Version=2010-05-08&PolicyArn=" + Uri.EscapeDataString("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy")));
        Ok(_cloud.Query(iam, "Action=PutRolePolicy&RoleName=bench-exec&PolicyName=secrets&Version=2010-05-08&PolicyDocument=" + Uri.EscapeDataString(secrets)));
        Ok(_cloud.Json(_cloud.Services["ecr"], "CreateRepository", """{"repositoryName":"bench/app"}"""));
        var manifest = JsonSerializer.Serialize($$"""{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7,"digest":"sha256:{{new string('1', 64)}}"},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":9,"digest":"sha256:{{new string('2', 64)}}"}]}""");
        Ok(_cloud.Json(_cloud.Services["ecr"], "PutImage", $$"""{"repositoryName":"bench/app","imageTag":"1","imageManifest":{{manifest}}}"""));
        Ok(_cloud.Json(_cloud.Services["ssm"], "PutParameter", """{"Name":"/bench/db","Value":"postgres://db","Type":"SecureString"}"""));
        var secret = Ok(_cloud.Json(_cloud.Services["secretsmanager"], "CreateSecret", """{"Name":"bench/creds","SecretString":"{\"password\":\"p\"}"}"""))["ARN"]!.GetValue<string>();
        Ok(_cloud.S3("PUT", "/bench-env", "", [], []));
        Ok(_cloud.S3("PUT", "/bench-env/app.env", "", [], Encoding.UTF8.GetBytes("MODE=prod\n")));
        Ok(_cloud.Json(_cloud.Services["logs"], "CreateLogGroup", """{"logGroupName":"/ecs/bench"}"""));
        var ec2 = _cloud.Services["ec2"];
        var vpc = Field(_cloud.Handle(_cloud.Query(ec2, "Action=CreateVpc&CidrBlock=10.0.0.0%2F16&Version=2016-11-15")), "vpcId");
        var subnet = Field(_cloud.Handle(_cloud.Query(ec2, $"Action=CreateSubnet&VpcId={vpc}&CidrBlock=10.0.0.0%2F17&Version=2016-11-15")), "subnetId");
        Ok(_cloud.Json(_cloud.Services["ecs"], "CreateCluster", """{"clusterName":"bench"}"""));
        var definition = $$$$"""
            {"family":"bench","requiresCompatibilities":["FARGATE"],"networkMode":"awsvpc","cpu":"256","memory":"512",
             "executionRoleArn":"arn:aws:iam::{{{{A}}}}:role/bench-exec","containerDefinitions":[{
               "name":"app","image":"{{{{A}}}}.dkr.ecr.{{{{R}}}}.amazonaws.com/bench/app:1","essential":true,
               "secrets":[{"name":"DB","valueFrom":"/bench/db"},{"name":"PASSWORD","valueFrom":"{{{{secret}}}}:password::"}],
               "environmentFiles":[{"type":"s3","value":"arn:aws:s3:::bench-env/app.env"}],
               "logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/bench","awslogs-region":"{{{{R}}}}","awslogs-stream-prefix":"app"}}}]}
            """;
        var run = $$$$"""{"cluster":"bench","taskDefinition":"bench","launchType":"FARGATE","networkConfiguration":{"awsvpcConfiguration":{"subnets":["{{{{subnet}}}}"],"assignPublicIp":"ENABLED"}}}""";
        return (definition, run);
    }

    private JsonObject Ok(Aws.Protocols.WireRequest request)
    {
        var response = _cloud.Handle(request);
        var text = Encoding.UTF8.GetString(response.Body.Span);
        Assert.True(response.Status == 200, text);
        return text.StartsWith('{') ? JsonNode.Parse(text)!.AsObject() : [];
    }

    private static string Field(Aws.Protocols.WireResponse response, string name)
    {
        var xml = System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(response.Body.Span));
        return xml.Descendants().First(e => e.Name.LocalName == name).Value;
    }

    public void Dispose() => _cloud.Dispose();
}
