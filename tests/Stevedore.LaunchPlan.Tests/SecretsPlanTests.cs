using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Input;
using Stevedore.LaunchPlan.Plan;
using static Stevedore.LaunchPlan.Tests.Fixtures;

namespace Stevedore.LaunchPlan.Tests;

public class SecretsPlanTests
{
    [Fact]
    public void Fargate_retrieval_order_is_token_registry_secret_ssm_then_secrets_manager()
    {
        var plan = PlanOf(Definition(
            """
            "repositoryCredentials": {"credentialsParameter": "hub"},
            "secrets": [
              {"name": "DB", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf"},
              {"name": "KEY", "valueFrom": "/app/key"}]
            """), Fargate());

        var retrieval = plan.Phases[0];
        Assert.Equal(PlanStage.ExecutionResourceRetrieval, retrieval.Stage);
        Assert.Equal(["ecr:GetAuthorizationToken", "secretsmanager:GetSecretValue", "ssm:GetParameters", "secretsmanager:GetSecretValue"],
            retrieval.Calls.Select(c => c.Action));
        var registry = retrieval.Calls[1];
        Assert.Equal(Feature.PrivateRegistryAuth, registry.Feature);
        Assert.Equal("arn:aws:secretsmanager:us-east-1:111122223333:secret:hub", registry.Resource);
        Assert.True(registry.ResourceIsPrefix);
        Assert.Equal("""{"SecretId":"hub"}""", registry.Request!.ToJsonString());
        Assert.Equal("$.containerDefinitions[0].repositoryCredentials.credentialsParameter", registry.JsonPath);
        var ssm = retrieval.Calls[2];
        Assert.Equal("arn:aws:ssm:us-east-1:111122223333:parameter/app/key", ssm.Resource);
        Assert.Equal("""{"Names":["/app/key"],"WithDecryption":true}""", ssm.Request!.ToJsonString());
        Assert.Equal("$.containerDefinitions[0].secrets[1].valueFrom", ssm.JsonPath);
    }

    [Fact]
    public void Secrets_manager_suffix_is_split_into_request_and_json_key()
    {
        var plan = PlanOf(Definition(
            """
            "secrets": [
              {"name": "USER", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:username::"},
              {"name": "PASS", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password:AWSPREVIOUS:"},
              {"name": "OLD", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf::: 9f3a"}]
            """), Fargate("1.4.0"));

        var calls = plan.Calls.Where(c => c.Service == "secretsmanager").ToArray();
        Assert.Equal(3, calls.Length);
        Assert.All(calls, c => Assert.Equal("arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", c.Resource));
        Assert.All(calls, c => Assert.False(c.ResourceIsPrefix));
        Assert.Equal("""{"SecretId":"arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf"}""", calls[0].Request!.ToJsonString());
        Assert.Equal("username", calls[0].Secrets[0].JsonKey);
        Assert.Equal("""{"SecretId":"arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf","VersionStage":"AWSPREVIOUS"}""", calls[1].Request!.ToJsonString());
        Assert.Equal("password", calls[1].Secrets[0].JsonKey);
        Assert.Equal(" 9f3a", calls[2].Request!["VersionId"]!.GetValue<string>());
        Assert.Null(calls[2].Secrets[0].JsonKey);
        Assert.Empty(plan.Findings);
    }

    [Fact]
    public void Secrets_manager_kms_side_call_carries_via_service_and_encryption_context()
    {
        var plan = PlanOf(Definition("""
            "secrets": [{"name": "DB", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf"}]
            """), Fargate());

        var call = plan.Calls.Single(c => c.Service == "secretsmanager");
        var kms = Assert.Single(call.SideCalls);
        Assert.Equal("kms:Decrypt", kms.Action);
        Assert.Equal(CallCondition.IfCustomerManagedKey, kms.Condition);
        Assert.Equal("secretsmanager.us-east-1.amazonaws.com", kms.ContextKeys["kms:ViaService"]);
        Assert.Equal("arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf", kms.ContextKeys["kms:EncryptionContext:SecretARN"]);
        Assert.Equal(Account, kms.ContextKeys["kms:CallerAccount"]);
        Assert.Empty(kms.Resources);
        Assert.Equal(call.Sequence, kms.Sequence);
        Assert.Null(kms.Request);
        Assert.Contains(kms, plan.AllCalls);
    }

    [Fact]
    public void Ssm_names_are_batched_ten_per_region_with_cross_region_arns_in_their_region()
    {
        var secrets = Enumerable.Range(1, 12).Select(i => $$"""{"name": "P{{i}}", "valueFrom": "p{{i}}"}""")
            .Append("""{"name": "W", "valueFrom": "arn:aws:ssm:eu-west-1:111122223333:parameter/shared/w"}""")
            .Append("""{"name": "P1AGAIN", "valueFrom": "p1"}""");
        var context = Fargate() with { Network = new LaunchNetwork("vpc-1", [new VpcEndpoint("ssm", "vpce-ssm")]) };
        var plan = PlanOf(Definition($"\"secrets\": [{string.Join(",", secrets)}]"), context);

        var calls = plan.Calls.Where(c => c.Service == "ssm").ToArray();
        Assert.Equal(3, calls.Length);
        Assert.Equal(10, calls[0].Request!["Names"]!.AsArray().Count);
        Assert.Equal(10, calls[0].Resources.Count);
        Assert.Equal(11, calls[0].Secrets.Count);
        Assert.Equal(["p11", "p12"], calls[1].Request!["Names"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("us-east-1", calls[1].Region);
        Assert.Equal("eu-west-1", calls[2].Region);
        Assert.Equal("arn:aws:ssm:eu-west-1:111122223333:parameter/shared/w", calls[2].Resource);
        Assert.Equal("""["arn:aws:ssm:eu-west-1:111122223333:parameter/shared/w"]""", calls[2].Request!["Names"]!.ToJsonString());
        Assert.Equal("vpce-ssm", calls[0].VpcEndpointId);
        Assert.Null(calls[2].VpcEndpointId);
        Assert.Equal(10, calls[0].SideCalls.Count);
        Assert.Equal("arn:aws:ssm:us-east-1:111122223333:parameter/p1", calls[0].SideCalls[0].ContextKeys["kms:EncryptionContext:PARAMETER_ARN"]);
        Assert.Equal("ssm.us-east-1.amazonaws.com", calls[0].SideCalls[0].ContextKeys["kms:ViaService"]);
    }

    [Fact]
    public void Cross_region_secrets_manager_is_called_in_its_region()
    {
        var plan = PlanOf(Definition("""
            "secrets": [{"name": "DB", "valueFrom": "arn:aws:secretsmanager:eu-central-1:444455556666:secret:db-AbCdEf"}]
            """), Fargate());
        var call = plan.Calls.Single(c => c.Service == "secretsmanager");
        Assert.Equal("eu-central-1", call.Region);
        Assert.Equal("secretsmanager.eu-central-1.amazonaws.com", call.SideCalls[0].ContextKeys["kms:ViaService"]);
    }

    [Fact]
    public void Log_driver_secret_options_are_fetched_and_marked()
    {
        var plan = PlanOf(Definition("""
            "logConfiguration": {"logDriver": "splunk", "options": {"splunk-url": "https://x"},
              "secretOptions": [{"name": "splunk-token", "valueFrom": "/splunk/token"}]}
            """), Fargate());
        var call = Assert.Single(plan.Calls, c => c.Service == "ssm");
        Assert.Equal(SecretTarget.LogDriver, call.Secrets[0].Target);
        Assert.Equal("$.containerDefinitions[0].logConfiguration.secretOptions[0].valueFrom", call.JsonPath);
        Assert.DoesNotContain(plan.Calls, c => c.Service == "logs");
    }

    [Fact]
    public void Malformed_secrets_manager_arn_is_a_launch_finding_with_the_agent_text()
    {
        var plan = PlanOf(Definition("""
            "secrets": [{"name": "DB", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:key"}]
            """), Ec2());
        var finding = Assert.Single(plan.Findings);
        Assert.Equal(FindingStage.Launch, finding.Stage);
        Assert.Equal("$.containerDefinitions[0].secrets[0].valueFrom", finding.JsonPath);
        Assert.Equal("trying to retrieve secret with value arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:key resulted in error: an invalid ARN format for the AWS Secrets Manager secret was specified. Specify a valid ARN and try again.",
            finding.EcsMessage);
        Assert.False(plan.CanStart);
    }

    [Fact]
    public void Ec2_resources_are_one_parallel_phase_in_the_agent_order()
    {
        var json = """
            {"executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole", "containerDefinitions": [
              {"name": "a", "image": "registry.example.com/a:1", "repositoryCredentials": {"credentialsParameter": "hub"},
               "environmentFiles": [{"value": "arn:aws:s3:::cfg/a.env", "type": "s3"}],
               "secrets": [{"name": "X", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:x-AbCdEf"}, {"name": "Y", "valueFrom": "y"}]},
              {"name": "log_router", "image": "fluent/fluent-bit", "firelensConfiguration": {"type": "fluentbit",
               "options": {"config-file-type": "s3", "config-file-value": "arn:aws:s3:::cfg/fluent.conf"}}}]}
            """;
        var plan = PlanOf(json, Ec2());

        var resources = plan.Phases[0];
        Assert.Equal(PlanStage.TaskResources, resources.Stage);
        Assert.True(resources.Parallel);
        Assert.Equal(
            [
                "secretsmanager:GetSecretValue", "ssm:GetParameters", "secretsmanager:GetSecretValue",
                "s3:ListBucket", "s3:GetObject", "s3:ListBucket", "s3:GetObject",
            ],
            resources.Calls.Select(c => c.Action));
        Assert.Equal(["HeadBucket", "GetObject"], resources.Calls.Skip(3).Take(2).Select(c => c.Operation));
        Assert.False(resources.Calls[3].StopsTaskOnFailure);
        Assert.Equal(Feature.FirelensConfig, resources.Calls[6].Feature);
        Assert.Equal("$.containerDefinitions[1].firelensConfiguration.options['config-file-value']", resources.Calls[6].JsonPath);
        Assert.Equal("""{"Bucket":"cfg","Key":"fluent.conf"}""", resources.Calls[6].Request!.ToJsonString());
        Assert.Single(plan.Phases);
    }
}
