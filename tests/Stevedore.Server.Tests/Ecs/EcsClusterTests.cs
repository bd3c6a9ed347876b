using Stevedore.Server.Tests.Infrastructure;

namespace Stevedore.Server.Tests.Ecs;

/// <summary>Clusters and tags with the AWS CLI and boto3.</summary>
public sealed class EcsClusterTests(StevedoreFixture stevedore) : IClassFixture<StevedoreFixture>
{
    [Fact]
    public void The_cli_creates_describes_lists_and_deletes_a_cluster()
    {
        var created = stevedore.Aws("ecs", "create-cluster", "--cluster-name", "web", "--tags", "key=team,value=a").Succeeded().Json["cluster"]!;
        Assert.Equal("arn:aws:ecs:us-east-1:000000000000:cluster/web", created["clusterArn"]!.GetValue<string>());
        Assert.Equal("ACTIVE", created["status"]!.GetValue<string>());
        Assert.Equal(0, created["registeredContainerInstancesCount"]!.GetValue<int>());

        // Idempotent on an active cluster's name.
        Assert.Equal("arn:aws:ecs:us-east-1:000000000000:cluster/web",
            stevedore.Aws("ecs", "create-cluster", "--cluster-name", "web").Succeeded().Json["cluster"]!["clusterArn"]!.GetValue<string>());

        var described = stevedore.Aws("ecs", "describe-clusters", "--clusters", "web", "ghost", "--include", "TAGS").Succeeded().Json;
        Assert.Equal("a", described["clusters"]![0]!["tags"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("arn:aws:ecs:us-east-1:000000000000:cluster/ghost", described["failures"]![0]!["arn"]!.GetValue<string>());
        Assert.Equal("MISSING", described["failures"]![0]!["reason"]!.GetValue<string>());
        Assert.Null(stevedore.Aws("ecs", "describe-clusters", "--clusters", "web").Succeeded().Json["clusters"]![0]!["tags"]);

        Assert.Contains("arn:aws:ecs:us-east-1:000000000000:cluster/web",
            stevedore.Aws("ecs", "list-clusters").Succeeded().Json["clusterArns"]!.AsArray().Select(a => a!.GetValue<string>()));

        Assert.Equal("INACTIVE", stevedore.Aws("ecs", "delete-cluster", "--cluster", "web").Succeeded().Json["cluster"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain("arn:aws:ecs:us-east-1:000000000000:cluster/web",
            stevedore.Aws("ecs", "list-clusters").Succeeded().Json["clusterArns"]!.AsArray().Select(a => a!.GetValue<string>()));
        var missing = stevedore.Aws("ecs", "delete-cluster", "--cluster", "web").FailedWith("ClusterNotFoundException");
        Assert.Contains("Cluster not found.", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_with_instances_or_tasks_cannot_be_deleted_and_tags_follow_their_resources()
    {
        var result = stevedore.Python(EcsScripts.Prelude + """
            ecs.create_cluster(clusterName="busy")
            instance = ecs.register_container_instance(cluster="busy", totalResources=RESOURCES)["containerInstance"]["containerInstanceArn"]
            print(error(lambda: ecs.delete_cluster(cluster="busy")))
            ecs.register_task_definition(family="busy", containerDefinitions=[app()])
            task = ecs.start_task(cluster="busy", taskDefinition="busy", containerInstances=[instance])["tasks"][0]["taskArn"]
            ecs.deregister_container_instance(cluster="busy", containerInstance=instance, force=True)
            print(error(lambda: ecs.delete_cluster(cluster="busy")))
            ecs.stop_task(cluster="busy", task=task)
            print(ecs.delete_cluster(cluster="busy")["cluster"]["status"])

            arn = ecs.create_cluster(clusterName="tagged")["cluster"]["clusterArn"]
            ecs.tag_resource(resourceArn=arn, tags=[{"key": "a", "value": "1"}, {"key": "b", "value": "2"}])
            ecs.untag_resource(resourceArn=arn, tagKeys=["a"])
            print(ecs.list_tags_for_resource(resourceArn=arn)["tags"])
            td = ecs.register_task_definition(family="tagged", containerDefinitions=[app()], tags=[{"key": "t", "value": "d"}])
            print(td["tags"], ecs.list_tags_for_resource(resourceArn=td["taskDefinition"]["taskDefinitionArn"])["tags"])
            print(error(lambda: ecs.list_tags_for_resource(resourceArn="arn:aws:ecs:us-east-1:000000000000:cluster/ghost")))
            print(error(lambda: ecs.list_tags_for_resource(resourceArn="arn:aws:ecs:us-east-1:000000000000:task/tagged/" + "0" * 32)))
            print(error(lambda: ecs.tag_resource(resourceArn=arn, tags=[{"key": "aws:x", "value": "1"}])))
            print(error(lambda: ecs.list_tags_for_resource(resourceArn="not-an-arn")))
            """).Succeeded();

        var lines = EcsScripts.Lines(result.Stdout);
        Assert.Equal("ClusterContainsContainerInstancesException The Cluster cannot be deleted while Container Instances are active or draining.", lines[0]);
        Assert.Equal("ClusterContainsTasksException The Cluster cannot be deleted while Tasks are active.", lines[1]);
        Assert.Equal("INACTIVE", lines[2]);
        Assert.Equal("[{'key': 'b', 'value': '2'}]", lines[3]);
        Assert.Equal("[{'key': 't', 'value': 'd'}] [{'key': 't', 'value': 'd'}]", lines[4]);
        Assert.Equal("ClusterNotFoundException Cluster not found.", lines[5]);
        Assert.Equal("ResourceNotFoundException The specified resource could not be found.", lines[6]);
        Assert.Equal("InvalidParameterException Invalid tag key. Tag keys cannot start with 'aws:'.", lines[7]);
        Assert.Equal("InvalidParameterException The ARN provided is invalid.", lines[8]);
    }
}
