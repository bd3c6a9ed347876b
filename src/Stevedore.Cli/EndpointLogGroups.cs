using System.Text.Json.Nodes;
using Stevedore.LaunchPlan.Input;

namespace Stevedore.Cli;

/// <summary>
/// The log groups a task's <c>awslogs-create-group</c> would create that a running endpoint does not hold
/// (<c>DescribeLogGroups</c> by prefix, exact name): the advisor's <c>MissingLogGroups</c>, which makes the conditional
/// <c>CreateLogGroup</c> and retried <c>CreateLogStream</c> block the start. A group that cannot be described is left out.
/// </summary>
// https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DescribeLogGroups.html
internal static class EndpointLogGroups
{
    public static void Add(EndpointClient client, TaskDefinition definition, string region, string account, HashSet<string> missing)
    {
        foreach (var log in definition.Containers.Select(c => c.LogConfiguration).OfType<LogConfiguration>())
        {
            if (log.LogDriver != "awslogs" || !log.Options.TryGetValue("awslogs-group", out var group)
                || !log.Options.TryGetValue("awslogs-create-group", out var create) || !create.Value.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var at = log.Options.TryGetValue("awslogs-region", out var r) ? r.Value : region;
            try
            {
                var found = client.Json("logs", "Logs_20140328.DescribeLogGroups", new JsonObject { ["logGroupNamePrefix"] = group.Value }, at)["logGroups"]?.AsArray()
                    .Any(g => g?["logGroupName"]?.GetValue<string>() == group.Value) ?? false;
                if (!found)
                {
                    missing.Add($"arn:{LaunchPlan.Context.Partitions.Of(at)}:logs:{at}:{account}:log-group:{group.Value}");
                }
            }
            catch (EndpointErrorException)
            {
                // Unknown: the calls stay conditional.
            }
        }
    }
}
