using System.Text.Json.Nodes;
using Stevedore.Advisor;

namespace Stevedore.Cli;

/// <summary>A task definition registered in a running endpoint, in <c>DescribeTaskDefinition</c> output shape (indented, as
/// <c>aws ecs describe-task-definition</c> prints it: the report's line numbers are in that text).</summary>
internal sealed record EndpointTaskDefinition(string Arn, string Json);

/// <summary>Every ACTIVE task definition of a running endpoint: <c>ListTaskDefinitions</c> (status ACTIVE, every page) and
/// <c>DescribeTaskDefinition</c> of each (ECS JSON 1.1).</summary>
// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ListTaskDefinitions.html
internal static class EndpointTaskDefinitions
{
    private const string Prefix = "AmazonEC2ContainerServiceV20141113.";

    public static List<EndpointTaskDefinition> Read(EndpointClient client)
    {
        var arns = new List<string>();
        string? next = null;
        do
        {
            var input = new JsonObject { ["status"] = "ACTIVE" };
            if (next is not null)
            {
                input["nextToken"] = next;
            }

            var page = Call(client, "ListTaskDefinitions", input);
            arns.AddRange(page["taskDefinitionArns"]?.AsArray().Select(a => a!.GetValue<string>()) ?? []);
            next = page["nextToken"]?.GetValue<string>();
        }
        while (next is not null);

        return [.. arns.Select(arn => new EndpointTaskDefinition(arn,
            new JsonObject { ["taskDefinition"] = Call(client, "DescribeTaskDefinition", new JsonObject { ["taskDefinition"] = arn })["taskDefinition"]!.DeepClone() }
                .ToJsonString(AdvisorJson.Indented)))];
    }

    private static JsonObject Call(EndpointClient client, string operation, JsonObject input)
    {
        try
        {
            return client.Json("ecs", Prefix + operation, input);
        }
        catch (EndpointErrorException e)
        {
            throw new CliException($"{client.Endpoint}: {operation}: {e.Code}: {e.Message}");
        }
    }
}
