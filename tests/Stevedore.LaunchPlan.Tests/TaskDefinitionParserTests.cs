using Stevedore.LaunchPlan.Input;

namespace Stevedore.LaunchPlan.Tests;

public class TaskDefinitionParserTests
{
    [Fact]
    public void Register_input_shape_keeps_paths()
    {
        var definition = TaskDefinitionParser.Parse(Fixtures.Definition(
            """
            "secrets": [{"name": "A", "valueFrom": "a"}, {"name": "B", "valueFrom": "b"}]
            """));

        Assert.Equal(TaskDefinitionShape.RegisterInput, definition.Shape);
        Assert.Equal("$.executionRoleArn", definition.ExecutionRoleArn!.Value.Path);
        var container = Assert.Single(definition.Containers);
        Assert.Equal("$.containerDefinitions[0].image", container.Image.Path);
        Assert.Equal("$.containerDefinitions[0].secrets[1].valueFrom", container.Secrets[1].ValueFrom.Path);
    }

    [Fact]
    public void Describe_output_shape_paths_are_under_taskDefinition()
    {
        var inner = Fixtures.Definition(
            """
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}}
            """);
        var definition = TaskDefinitionParser.Parse($$"""{"taskDefinition": {{inner}}, "tags": []}""");

        Assert.Equal(TaskDefinitionShape.DescribeOutput, definition.Shape);
        Assert.Equal("$.taskDefinition.executionRoleArn", definition.ExecutionRoleArn!.Value.Path);
        var log = definition.Containers[0].LogConfiguration!;
        Assert.Equal("$.taskDefinition.containerDefinitions[0].logConfiguration.options['awslogs-group']", log.Options["awslogs-group"].Path);
    }

    [Theory]
    [InlineData("""{"family": "x"}""", "$.containerDefinitions")]
    [InlineData("""{"containerDefinitions": {}}""", "$.containerDefinitions")]
    [InlineData("""{"containerDefinitions": []}""", "$.containerDefinitions")]
    [InlineData("""{"containerDefinitions": [{"name": "a"}]}""", "$.containerDefinitions[0].image")]
    [InlineData("""{"containerDefinitions": [{"name": "a", "image": 3}]}""", "$.containerDefinitions[0].image")]
    [InlineData("""{"containerDefinitions": [{"name": "a", "image": "i", "secrets": [{"name": "S"}, {"name": "T", "valueFrom": 1}]}]}""",
        "$.containerDefinitions[0].secrets[0].valueFrom")]
    [InlineData("""{"containerDefinitions": [{"name": "a", "image": "i", "secrets": [{"name": "S", "valueFrom": "v"}, {"name": "T", "valueFrom": 1}]}]}""",
        "$.containerDefinitions[0].secrets[1].valueFrom")]
    [InlineData("""{"containerDefinitions": [{"name": "a", "image": "i", "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": true}}}]}""",
        "$.containerDefinitions[0].logConfiguration.options['awslogs-group']")]
    [InlineData("""{"taskDefinition": []}""", "$.taskDefinition")]
    [InlineData("""{"taskDefinition": {"containerDefinitions": [{"name": "a", "image": "i", "environmentFiles": [{"value": "v"}]}]}}""",
        "$.taskDefinition.containerDefinitions[0].environmentFiles[0].type")]
    [InlineData("""[1]""", "$")]
    [InlineData("""{"containerDefinitions": [""", "$")]
    [InlineData("""{"executionRoleArn": 5, "containerDefinitions": [{"name": "a", "image": "i"}]}""", "$.executionRoleArn")]
    [InlineData("""{"containerDefinitions": [{"name": "a", "image": "i", "essential": "yes"}]}""", "$.containerDefinitions[0].essential")]
    public void Malformed_input_names_the_path(string json, string path)
    {
        var error = Assert.Throws<TaskDefinitionFormatException>(() => TaskDefinitionParser.Parse(json));
        Assert.Equal(path, error.JsonPath);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_members_are_ignored()
    {
        var definition = TaskDefinitionParser.Parse("""{"containerDefinitions": [{"name": "a", "image": "i", "portMappings": [{"containerPort": 80}], "x": {}}], "volumes": []}""");
        Assert.Equal("a", definition.Containers[0].Name);
    }
}
