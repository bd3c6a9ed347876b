using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Plan;
using static Stevedore.LaunchPlan.Tests.Fixtures;

namespace Stevedore.LaunchPlan.Tests;

public class EcrPlanTests
{

    [Fact]
    public void Role_assumption_comes_first_with_confused_deputy_keys()
    {
        var plan = PlanOf(Definition(), Fargate());

        var assumption = plan.Assumption!;
        Assert.Equal(Role, assumption.RoleArn);
        Assert.Equal(TaskId, assumption.SessionName);
        Assert.Equal(Session, assumption.SessionArn);
        Assert.Equal("ecs-tasks.amazonaws.com", RoleAssumption.ServicePrincipal);
        Assert.Equal(Account, assumption.ContextKeys["aws:SourceAccount"]);
        Assert.Equal($"arn:aws:ecs:us-east-1:{Account}:task/prod/{TaskId}", assumption.ContextKeys["aws:SourceArn"]);
        Assert.Equal("$.executionRoleArn", assumption.JsonPath);
    }

    [Fact]
    public void Fargate_same_account_token_in_retrieval_then_manifest_and_layers()
    {
        var plan = PlanOf(Definition(), Fargate());

        Assert.Equal(
            """
            ExecutionResourceRetrieval ecr:GetAuthorizationToken * ExecutionRole
            ImagePull ecr:BatchGetImage arn:aws:ecr:us-east-1:111122223333:repository/web ExecutionRole
            ImagePull ecr:GetDownloadUrlForLayer arn:aws:ecr:us-east-1:111122223333:repository/web ExecutionRole
            ImagePull s3:GetObject arn:aws:s3:::prod-us-east-1-starport-layer-bucket/* PresignedUrl
            """.ReplaceLineEndings("\n"), plan.Summary());
        var calls = plan.Calls.ToArray();
        Assert.Equal([1, 2, 3, 4], calls.Select(c => c.Sequence));
        Assert.Equal("""{"registryIds":["111122223333"]}""", calls[0].Request!.ToJsonString());
        Assert.Equal("""{"registryId":"111122223333","repositoryName":"web","imageIds":[{"imageTag":"1.2"}]}""", calls[1].Request!.ToJsonString());
        Assert.All(calls, c => Assert.Equal("$.containerDefinitions[0].image", c.JsonPath));
        Assert.Equal(Role, calls[1].PrincipalRoleArn);
        Assert.True(plan.CanStart);
    }

    [Fact]
    public void Cross_account_digest_image_uses_the_registry_account_and_region()
    {
        var plan = PlanOf(Definition(image: "444455556666.dkr.ecr.eu-west-1.amazonaws.com/team/api@sha256:abc123"), Fargate());

        var calls = plan.Calls.ToArray();
        Assert.Equal("eu-west-1", calls[0].Region);
        Assert.Equal("""{"registryIds":["444455556666"]}""", calls[0].Request!.ToJsonString());
        Assert.Equal("arn:aws:ecr:eu-west-1:444455556666:repository/team/api", calls[1].Resource);
        Assert.Equal("""{"imageDigest":"sha256:abc123"}""", calls[1].Request!["imageIds"]![0]!.ToJsonString());
    }

    [Fact]
    public void Through_endpoints_registry_calls_carry_vpc_keys_but_the_Fargate_token_does_not()
    {
        var context = Fargate() with
        {
            Network = new LaunchNetwork("vpc-1234", [
                new VpcEndpoint("ecr.api", "vpce-api"),
                new VpcEndpoint("ecr.dkr", "vpce-dkr"),
                new VpcEndpoint("s3", "vpce-s3gw", VpcEndpointKind.Gateway),
            ]),
        };
        var calls = PlanOf(Definition(), context).Calls.ToArray();

        Assert.Equal("ecr.api", calls[0].EndpointService);
        Assert.Null(calls[0].VpcEndpointId);
        Assert.Empty(calls[0].ContextKeys);
        foreach (var call in calls[1..3])
        {
            Assert.Equal("vpce-dkr", call.VpcEndpointId);
            Assert.Equal("vpc-1234", call.ContextKeys["aws:SourceVpc"]);
            Assert.Equal("vpce-dkr", call.ContextKeys["aws:SourceVpce"]);
        }

        Assert.Equal("vpce-s3gw", calls[3].VpcEndpointId);
    }

    [Fact]
    public void Interface_endpoint_without_private_dns_is_not_used_and_s3_layers_need_a_gateway()
    {
        var context = Fargate() with
        {
            Network = new LaunchNetwork("vpc-1234", [
                new VpcEndpoint("ecr.dkr", "vpce-dkr", PrivateDns: false),
                new VpcEndpoint("s3", "vpce-s3if"),
            ]),
        };
        var calls = PlanOf(Definition(), context).Calls.ToArray();

        Assert.Null(calls[1].VpcEndpointId);
        Assert.Null(calls[3].VpcEndpointId);
    }

    [Fact]
    public void Ec2_agent_fetches_the_token_at_pull_once_per_registry_through_the_api_endpoint()
    {
        var json = """
            {"executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole", "containerDefinitions": [
              {"name": "a", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1"},
              {"name": "b", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/worker"}]}
            """;
        var context = Ec2() with { Network = new LaunchNetwork("vpc-9", [new VpcEndpoint("ecr.api", "vpce-api")]) };
        var plan = PlanOf(json, context);

        Assert.Equal(
            """
            ImagePull ecr:GetAuthorizationToken * ExecutionRole
            ImagePull ecr:BatchGetImage arn:aws:ecr:us-east-1:111122223333:repository/web ExecutionRole
            ImagePull ecr:GetDownloadUrlForLayer arn:aws:ecr:us-east-1:111122223333:repository/web ExecutionRole
            ImagePull s3:GetObject arn:aws:s3:::prod-us-east-1-starport-layer-bucket/* PresignedUrl
            ImagePull ecr:BatchGetImage arn:aws:ecr:us-east-1:111122223333:repository/worker ExecutionRole
            ImagePull ecr:GetDownloadUrlForLayer arn:aws:ecr:us-east-1:111122223333:repository/worker ExecutionRole
            ImagePull s3:GetObject arn:aws:s3:::prod-us-east-1-starport-layer-bucket/* PresignedUrl
            """.ReplaceLineEndings("\n"), plan.Summary());
        Assert.Equal("vpce-api", plan.Calls.First().VpcEndpointId);
        Assert.Equal("""{"imageTag":"latest"}""", plan.Calls.ElementAt(4).Request!["imageIds"]![0]!.ToJsonString());
        Assert.Equal(2, plan.Phases.Count);
    }

    [Fact]
    public void Ec2_without_execution_role_pulls_with_the_instance_role()
    {
        var plan = PlanOf("""{"containerDefinitions": [{"name": "a", "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web"}]}""", Ec2());

        Assert.Null(plan.Assumption);
        Assert.All(plan.Calls.Where(c => c.Service == "ecr"), c =>
        {
            Assert.Equal(CallPrincipal.InstanceRole, c.Principal);
            Assert.Equal(InstanceRole, c.PrincipalRoleArn);
        });
    }

    [Fact]
    public void Images_outside_ecr_make_no_calls()
    {
        var plan = PlanOf(Definition(image: "registry.example.com/app:1"), Fargate());
        Assert.Empty(plan.Calls);
    }

    [Fact]
    public void Every_planned_action_is_in_the_action_catalog()
    {
        var json = Definition(
            """
            "repositoryCredentials": {"credentialsParameter": "arn:aws:secretsmanager:us-east-1:111122223333:secret:hub-AbCdEf"},
            "secrets": [{"name": "A", "valueFrom": "/app/a"}, {"name": "B", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf:password::"}],
            "environmentFiles": [{"value": "arn:aws:s3:::cfg/app.env", "type": "s3"}],
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-stream-prefix": "web", "awslogs-create-group": "true"}}
            """);
        var catalog = Stevedore.Policy.Catalog.ActionCatalog.Default;
        foreach (var call in PlanOf(json, Fargate()).AllCalls.Concat(PlanOf(json, Ec2()).AllCalls))
        {
            Assert.True(catalog.TryGetAction(call.Action, out var action), call.Action);
            Assert.Equal(action!.FullName, call.Action);
        }
    }
}
