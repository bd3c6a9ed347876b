using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Plan;
using Stevedore.LaunchPlan.Planning;

namespace Stevedore.LaunchPlan.Tests;

/// <summary>Launch contexts and a plan helper shared by the tests.</summary>
internal static class Fixtures
{
    public const string Account = "111122223333";
    public const string Region = "us-east-1";
    public const string TaskId = "668f97696c2f47f7ab6582a0b87413eb";
    public const string Role = "arn:aws:iam::111122223333:role/ecsTaskExecutionRole";
    public const string Session = "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/668f97696c2f47f7ab6582a0b87413eb";
    public const string InstanceRole = "arn:aws:iam::111122223333:role/ecsInstanceRole";
    public const string Image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.2";

    public static LaunchContext Fargate(string? platform = null) => new()
    {
        LaunchType = LaunchType.Fargate,
        PlatformVersion = platform,
        Account = Account,
        Region = Region,
        Cluster = "prod",
        TaskId = TaskId,
    };

    public static LaunchContext Ec2(string? agent = "1.80.0", params (string Name, string Value)[] config) => new()
    {
        LaunchType = LaunchType.Ec2,
        AgentVersion = agent,
        AgentConfiguration = config.ToDictionary(c => c.Name, c => c.Value),
        Account = Account,
        Region = Region,
        Cluster = "prod",
        TaskId = TaskId,
        InstanceRoleArn = InstanceRole,
    };

    /// <summary>A Fargate task definition with one container, the given extra container members (JSON text).</summary>
    public static string Definition(string containerExtra = "", string image = Image, string root = "") =>
        $$"""
        {
          "family": "web",
          "requiresCompatibilities": ["FARGATE"],
          "networkMode": "awsvpc",
          "executionRoleArn": "{{Role}}",
          {{root}}
          "containerDefinitions": [
            { "name": "app", "image": "{{image}}"{{(containerExtra.Length > 0 ? ", " + containerExtra : "")}} }
          ]
        }
        """;

    public static TaskLaunchPlan PlanOf(string json, LaunchContext context) => LaunchPlanner.Build(json, context);

    public static string Summary(this TaskLaunchPlan plan) =>
        string.Join("\n", plan.Calls.Select(c => $"{c.Stage} {c.Action} {c.Resource} {c.Principal}"));
}
