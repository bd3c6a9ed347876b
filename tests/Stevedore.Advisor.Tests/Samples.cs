using Stevedore.LaunchPlan.Context;
using Stevedore.LaunchPlan.Plan;
using Stevedore.LaunchPlan.Planning;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Advisor.Tests;

internal static class Samples
{
    public const string Account = "111122223333";
    public const string RoleArn = "arn:aws:iam::111122223333:role/ecsTaskExecutionRole";
    public const string ManagedArn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

    public const string Trust = """
        { "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Principal": { "Service": "ecs-tasks.amazonaws.com" },
          "Action": "sts:AssumeRole",
          "Condition": { "ArnLike": { "aws:SourceArn": "arn:aws:ecs:us-east-1:111122223333:*" }, "StringEquals": { "aws:SourceAccount": "111122223333" } } } ] }
        """;

    public const string WebService = """
        {
          "family": "web",
          "requiresCompatibilities": ["FARGATE"],
          "networkMode": "awsvpc",
          "executionRoleArn": "arn:aws:iam::111122223333:role/ecsTaskExecutionRole",
          "containerDefinitions": [
            {
              "name": "app",
              "image": "111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1.2",
              "secrets": [
                { "name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf" },
                { "name": "API_KEY", "valueFrom": "api-key" }
              ],
              "environmentFiles": [ { "value": "arn:aws:s3:::config-bucket/web.env", "type": "s3" } ],
              "logConfiguration": {
                "logDriver": "awslogs",
                "options": { "awslogs-group": "/ecs/web", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "web", "awslogs-create-group": "true" }
              }
            }
          ]
        }
        """;

    public static TaskLaunchPlan Plan(string json, LaunchType type = LaunchType.Fargate) => LaunchPlanner.Build(json, new LaunchContext
    {
        LaunchType = type,
        Account = Account,
        Region = "us-east-1",
        TaskId = "0123456789abcdef0123456789abcdef",
    });

    public static CompiledPolicy Identity(string json, string id = "policy.json") => PolicyCompiler.Compile(json, PolicyType.Identity, id);

    public static CompiledPolicy Managed()
    {
        Assert.True(ManagedPolicyCatalog.TryGetDocument(ManagedArn, out var document));
        return PolicyCompiler.Compile(document, PolicyType.Identity, ManagedArn);
    }

    public static RoleUnderTest Role(params CompiledPolicy[] identity) =>
        new(PolicyCompiler.Compile(Trust, PolicyType.Trust, "trust.json"), identity);
}
