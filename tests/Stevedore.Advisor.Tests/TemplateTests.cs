namespace Stevedore.Advisor.Tests;

/// <summary>CloudFormation input: YAML short forms, JSON, intrinsics, parameters, locations, unresolvable references.</summary>
public sealed class TemplateTests : IDisposable
{
    private const string Template = """
        AWSTemplateFormatVersion: '2010-09-09'
        Parameters:
          SecretArn:
            Type: String
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              RoleName: web-exec
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: {Service: ecs-tasks.amazonaws.com}
                    Action: sts:AssumeRole
              ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy]
          Task:
            Type: AWS::ECS::TaskDefinition
            Properties:
              Family: web
              RequiresCompatibilities: [FARGATE]
              ExecutionRoleArn: !GetAtt Role.Arn
              ContainerDefinitions:
                - Name: web
                  Image: !Sub '${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/web:1'
                  Essential: true
                  Secrets:
                    - Name: DB
                      ValueFrom: !Ref SecretArn
        """;

    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Yaml_template_resolves_role_pseudo_parameters_and_parameters()
    {
        var path = _cli.File("stack.yaml", Template);
        var result = Cli.Run("check", path, "--account", "123456789012", "--region", "eu-west-1", "--format", "json",
            "--parameter", "SecretArn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf");
        Assert.Equal(1, result.ExitCode);
        var task = result.Json.GetProperty("tasks")[0];
        Assert.Equal("arn:aws:iam::123456789012:role/web-exec", task.GetProperty("executionRoleArn").GetString());
        var denied = task.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "MissingPermission");
        Assert.Equal("$.containerDefinitions[0].secrets[0].valueFrom", denied.GetProperty("jsonPath").GetString());
        Assert.Equal(path, denied.GetProperty("file").GetString());
        Assert.Equal(28, denied.GetProperty("line").GetInt32()); // ValueFrom: in the template
        Assert.Equal(15, denied.GetProperty("column").GetInt32());
        var trust = task.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("code").GetString() == "TrustNoConfusedDeputyCondition");
        Assert.Equal("Role/trust", trust.GetProperty("policy").GetString());
        Assert.Equal(12, trust.GetProperty("line").GetInt32()); // the statement's "- Effect"
        var repository = task.GetProperty("requirements").EnumerateArray().First(r => r.GetProperty("action").GetString() == "ecr:BatchGetImage");
        Assert.Equal("arn:aws:ecr:eu-west-1:123456789012:repository/web", repository.GetProperty("resource").GetString());
    }

    [Fact]
    public void Missing_parameter_is_exit_2_with_file_line_and_path()
    {
        var path = _cli.File("stack.yaml", Template);
        var result = Cli.Run("check", path);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"error: {path}:28:26: $.Resources.Task.Properties.ContainerDefinitions[0].Secrets[0].ValueFrom.Ref: parameter SecretArn has no value and no Default: pass --parameter SecretArn=VALUE\n",
            result.Err);
    }

    [Fact]
    public void Unresolvable_functions_and_unknown_resources_are_exit_2()
    {
        var import = _cli.File("import.yaml", Template.Replace("!Ref SecretArn", "!ImportValue shared-db-secret"));
        var result = Cli.Run("check", import);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("ValueFrom['Fn::ImportValue']: Fn::ImportValue \"shared-db-secret\": another stack's export, not in the template; "
            + "give its value with --import shared-db-secret=VALUE", result.Err, StringComparison.Ordinal);
        Assert.StartsWith($"error: {import}:", result.Err, StringComparison.Ordinal);

        var getAtt = _cli.File("getatt.yaml", Template.Replace("!GetAtt Role.Arn", "!GetAtt Missing.Arn"));
        var missing = Cli.Run("check", getAtt, "--parameter", "SecretArn=x");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Fn::GetAtt Missing.Arn: no resource Missing", missing.Err, StringComparison.Ordinal);

        var bad = _cli.File("bad.yaml", "Resources:\n  A: [unclosed\n");
        var yaml = Cli.Run("check", bad);
        Assert.Equal(2, yaml.ExitCode);
        Assert.StartsWith($"error: {bad}:", yaml.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", yaml.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ImportValue_takes_the_export_from_import_options_including_a_Sub_built_name()
    {
        var path = _cli.File("import.yaml", Template.Replace("!Ref SecretArn", "!ImportValue {'Fn::Sub': '${AWS::StackName}-db-secret'}"));
        var secret = "arn:aws:secretsmanager:us-east-1:000000000000:secret:prod/db-AbCdEf";
        var result = Cli.Run("check", path, "--import", $"shared-db-secret={secret}", "--parameter", "AWS::StackName=shared", "--format", "json");
        Assert.True(result.ExitCode is 0 or 1, result.Err);
        var requirements = result.Json.GetProperty("tasks")[0].GetProperty("requirements").EnumerateArray();
        Assert.Contains(requirements, r => r.GetProperty("action").GetString() == "secretsmanager:GetSecretValue" && r.GetProperty("resource").GetString() == secret);

        var malformed = Cli.Run("check", path, "--import", "no-equals");
        Assert.Equal(2, malformed.ExitCode);
        Assert.Equal("error: --import expects NAME=VALUE, got \"no-equals\"\n", malformed.Err);
    }

    [Fact]
    public void Json_template_with_join_and_conditions()
    {
        var path = _cli.File("stack.json", """
            {
              "Parameters": { "Env": { "Type": "String", "Default": "dev" } },
              "Conditions": { "IsProd": { "Fn::Equals": [ { "Ref": "Env" }, "prod" ] } },
              "Resources": {
                "Role": { "Type": "AWS::IAM::Role", "Properties": {
                  "AssumeRolePolicyDocument": { "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ecs-tasks.amazonaws.com" }, "Action": "sts:AssumeRole" } ] },
                  "Policies": [ { "PolicyName": "p", "PolicyDocument": { "Statement": [
                    { "Effect": "Allow", "Action": "ssm:GetParameters", "Resource": { "Fn::Join": [ "", [ "arn:aws:ssm:us-east-1:", { "Ref": "AWS::AccountId" }, ":parameter/", { "Ref": "Env" }, "/*" ] ] } } ] } } ] } },
                "Task": { "Type": "AWS::ECS::TaskDefinition", "Properties": {
                  "ExecutionRoleArn": { "Fn::GetAtt": [ "Role", "Arn" ] },
                  "ContainerDefinitions": [ { "Name": "a", "Image": "public.ecr.aws/x/y:1",
                    "Secrets": [ { "Name": "S", "ValueFrom": { "Fn::If": [ "IsProd", "/prod/s", "/dev/s" ] } } ] } ] } }
              }
            }
            """);
        var result = Cli.Run("check", path, "--format", "json");
        Assert.Equal(0, result.ExitCode);
        var prod = Cli.Run("check", path, "--parameter", "Env=prod", "--format", "json");
        Assert.Equal(0, prod.ExitCode);
        var ssm = prod.Json.GetProperty("tasks")[0].GetProperty("requirements").EnumerateArray().Single(r => r.GetProperty("action").GetString() == "ssm:GetParameters");
        Assert.Equal("arn:aws:ssm:us-east-1:000000000000:parameter/prod/s", ssm.GetProperty("resource").GetString());
    }

    [Fact]
    public void Folder_mixes_templates_and_task_definitions()
    {
        _cli.File("infra/stack.yml", Template);
        _cli.File("tasks/web.json", Samples.WebService);
        var result = Cli.Run("check", _cli.Dir, "--parameter", "SecretArn=arn:aws:secretsmanager:us-east-1:000000000000:secret:db-AbCdEf", "--format", "json");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(2, result.Json.GetProperty("tasks").GetArrayLength());
    }

    [Fact]
    public void Large_folder_prints_no_progress_when_stderr_is_not_a_terminal()
    {
        for (var i = 0; i < 60; i++)
        {
            _cli.File($"tasks/t{i:00}.json", Samples.WebService);
        }

        var result = Cli.Run("check", Path.Combine(_cli.Dir, "tasks"), "--format", "json");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(60, result.Json.GetProperty("tasks").GetArrayLength());
        Assert.Equal("", result.Err);
    }
}
