using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ecs;

/// <summary>Task definitions: revisions, lookups, listings, deregistration and RegisterTaskDefinition's validation texts.</summary>
public sealed class EcsTaskDefinitionTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void The_cli_registers_revisions_and_describes_them_by_family_revision_and_arn()
    {
        var containers = """[{"name":"web","image":"000000000000.dkr.ecr.us-east-1.amazonaws.com/web:1","essential":true,"secrets":[{"name":"DB","valueFrom":"arn:aws:secretsmanager:us-east-1:000000000000:secret:db"}],"logConfiguration":{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/web","awslogs-region":"us-east-1","awslogs-stream-prefix":"web"}}}]""";
        var first = stevedore.Aws("ecs", "register-task-definition", "--family", "web", "--requires-compatibilities", "FARGATE", "--network-mode", "awsvpc",
            "--cpu", "256", "--memory", "512", "--execution-role-arn", "arn:aws:iam::000000000000:role/exec", "--container-definitions", containers,
            "--tags", "key=team,value=a").Succeeded().Json;
        var definition = first["taskDefinition"]!;
        Assert.Equal("arn:aws:ecs:us-east-1:000000000000:task-definition/web:1", definition["taskDefinitionArn"]!.GetValue<string>());
        Assert.Equal(1, definition["revision"]!.GetValue<int>());
        Assert.Equal("ACTIVE", definition["status"]!.GetValue<string>());
        Assert.Equal(["EC2", "FARGATE"], definition["compatibilities"]!.AsArray().Select(c => c!.GetValue<string>()));
        var required = definition["requiresAttributes"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("ecs.capability.execution-role-ecr-pull", required);
        Assert.Contains("ecs.capability.secrets.asm.environment-variables", required);
        Assert.Equal("/ecs/web", definition["containerDefinitions"]![0]!["logConfiguration"]!["options"]!["awslogs-group"]!.GetValue<string>());
        Assert.Equal("arn:aws:iam::000000000000:root", definition["registeredBy"]!.GetValue<string>());

        stevedore.Aws("ecs", "register-task-definition", "--family", "web", "--container-definitions",
            """[{"name":"web","image":"nginx","memory":128}]""").Succeeded();
        Assert.Equal(2, stevedore.Aws("ecs", "describe-task-definition", "--task-definition", "web").Succeeded().Json["taskDefinition"]!["revision"]!.GetValue<int>());
        var byRevision = stevedore.Aws("ecs", "describe-task-definition", "--task-definition", "web:1", "--include", "TAGS").Succeeded().Json;
        Assert.Equal("a", byRevision["tags"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(1, stevedore.Aws("ecs", "describe-task-definition", "--task-definition", "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1")
            .Succeeded().Json["taskDefinition"]!["revision"]!.GetValue<int>());

        Assert.Equal("INACTIVE", stevedore.Aws("ecs", "deregister-task-definition", "--task-definition", "web:2").Succeeded().Json["taskDefinition"]!["status"]!.GetValue<string>());
        Assert.Equal(1, stevedore.Aws("ecs", "describe-task-definition", "--task-definition", "web").Succeeded().Json["taskDefinition"]!["revision"]!.GetValue<int>());
        var missing = stevedore.Aws("ecs", "describe-task-definition", "--task-definition", "web:9").FailedWith("ClientException");
        Assert.Contains("Unable to describe task definition.", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Listings_page_and_filter_by_family_and_status()
    {
        var result = stevedore.Python(EcsScripts.Prelude + """
            for family in ["list-a", "list-a", "list-a", "list-b"]:
                ecs.register_task_definition(family=family, containerDefinitions=[app()])
            ecs.deregister_task_definition(taskDefinition="list-b:1")
            print([a.split("/")[-1] for a in ecs.list_task_definitions(familyPrefix="list-a")["taskDefinitionArns"]])
            print([a.split("/")[-1] for a in ecs.list_task_definitions(familyPrefix="list-a", sort="DESC")["taskDefinitionArns"]])
            print([a.split("/")[-1] for a in ecs.list_task_definitions(familyPrefix="list-b", status="INACTIVE")["taskDefinitionArns"]])
            page = ecs.list_task_definitions(familyPrefix="list-a", maxResults=2)
            rest = ecs.list_task_definitions(familyPrefix="list-a", maxResults=2, nextToken=page["nextToken"])
            print(len(page["taskDefinitionArns"]), len(rest["taskDefinitionArns"]), "nextToken" in rest)
            print(ecs.list_task_definition_families(familyPrefix="list")["families"])
            print(ecs.list_task_definition_families(familyPrefix="list", status="INACTIVE")["families"])
            print(ecs.list_task_definition_families(familyPrefix="list", status="ALL")["families"])
            print(error(lambda: ecs.deregister_task_definition(taskDefinition="list-a:99")))
            """).Succeeded();

        var lines = EcsScripts.Lines(result.Stdout);
        Assert.Equal("['list-a:1', 'list-a:2', 'list-a:3']", lines[0]);
        Assert.Equal("['list-a:3', 'list-a:2', 'list-a:1']", lines[1]);
        Assert.Equal("['list-b:1']", lines[2]);
        Assert.Equal("2 1 False", lines[3]);
        Assert.Equal("['list-a']", lines[4]);
        Assert.Equal("['list-b']", lines[5]);
        Assert.Equal("['list-a', 'list-b']", lines[6]);
        Assert.Equal("ClientException Unable to describe task definition.", lines[7]);
    }

    [Fact]
    public void RegisterTaskDefinition_answers_each_validation_error_with_ecs_text()
    {
        var result = stevedore.Python(EcsScripts.Prelude + """
            ROLE = "arn:aws:iam::000000000000:role/exec"
            ECR = "000000000000.dkr.ecr.us-east-1.amazonaws.com/app:1"
            AWSLOGS = {"logDriver": "awslogs", "options": {"awslogs-group": "g", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "p"}}
            def fargate(containers, **extra):
                args = dict(family="val", requiresCompatibilities=["FARGATE"], networkMode="awsvpc", cpu="256", memory="512", containerDefinitions=containers)
                args.update(extra)
                return lambda: ecs.register_task_definition(**{k: v for k, v in args.items() if v is not None})
            print(error(fargate([app(logConfiguration=AWSLOGS)])))
            print(error(fargate([app(image=ECR)])))
            print(error(lambda: ecs.register_task_definition(family="val", containerDefinitions=[app(secrets=[{"name": "S", "valueFrom": "p"}])])))
            print(error(fargate([app()], cpu="256", memory="4096")))
            print(error(fargate([app()], networkMode="bridge")))
            print(error(fargate([app()], cpu=None)))
            print(error(fargate([app()], memory=None)))
            print(error(lambda: ecs.register_task_definition(family="bad family", containerDefinitions=[app()])))
            print(error(lambda: ecs.register_task_definition(family="val", containerDefinitions=[{"name": "app", "image": "x"}])))
            print(error(lambda: ecs.register_task_definition(family="val", memory="256", containerDefinitions=[app(memory=512)])))
            print(error(lambda: ecs.register_task_definition(family="val", containerDefinitions=[app(name="bad name")])))
            print(error(fargate([app()], cpu="1 vCPU", memory="2 GB")))
            print(error(fargate([app(image=ECR, logConfiguration=AWSLOGS)], executionRoleArn=ROLE)))
            """).Succeeded();

        var lines = EcsScripts.Lines(result.Stdout);
        Assert.Equal("ClientException Fargate requires task definition to have execution role ARN to support log driver awslogs.", lines[0]);
        Assert.Equal("ClientException Fargate requires task definition to have execution role ARN to support ECR images.", lines[1]);
        Assert.Equal("ClientException When you are specifying container secrets, you must also specify a value for 'executionRoleArn'.", lines[2]);
        Assert.Equal("ClientException No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon ECS documentation for the valid values.", lines[3]);
        Assert.Equal("ClientException Fargate only supports network mode \u2018awsvpc\u2019.", lines[4]);
        Assert.Equal("ClientException Fargate requires that 'cpu' be defined at the task level.", lines[5]);
        Assert.Equal("ClientException Fargate requires that 'memory' be defined at the task level.", lines[6]);
        Assert.Equal("ClientException Family contains invalid characters.", lines[7]);
        Assert.Equal("ClientException Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified.", lines[8]);
        Assert.Equal("ClientException The 'memory' setting for container 'app' is greater than for the task.", lines[9]);
        Assert.Equal("ClientException Container.name contains invalid characters.", lines[10]);
        Assert.Equal("OK", lines[11]);
        Assert.Equal("OK", lines[12]);
    }
}
