namespace Stevedore.Cloud.Ecs;

/// <summary>
/// The capability attributes an ECS container agent of a given version and configuration registers, for instances
/// registered without any (a real agent always sends them); and the attributes a task definition requires.
/// </summary>
// Capability names and the version each appeared in: the fact sheet §5 (agent/app/agent_capability.go, CHANGELOG.md).
internal static class AgentCapabilities
{
    /// <summary>The agent version assumed when <c>versionInfo.agentVersion</c> is absent (the fact sheet's snapshot).</summary>
    public const string DefaultAgentVersion = "1.105.1";

    private static readonly (string Name, Version Since)[] ByVersion =
    [
        ("com.amazonaws.ecs.capability.ecr-auth", new(1, 0, 0)),
        ("com.amazonaws.ecs.capability.task-iam-role", new(1, 11, 0)),
        ("ecs.capability.task-eni", new(1, 15, 0)),
        ("ecs.capability.execution-role-ecr-pull", new(1, 16, 0)),
        ("ecs.capability.private-registry-authentication.secretsmanager", new(1, 19, 0)),
        ("ecs.capability.secrets.ssm.environment-variables", new(1, 22, 0)),
        ("ecs.capability.secrets.asm.environment-variables", new(1, 23, 0)),
        ("ecs.capability.secrets.ssm.bootstrap.log-driver", new(1, 27, 0)),
        ("ecs.capability.secrets.asm.bootstrap.log-driver", new(1, 27, 0)),
        ("ecs.capability.firelens.options.config.s3", new(1, 31, 0)),
        ("ecs.capability.env-files.s3", new(1, 39, 0)),
    ];

    /// <summary>Whether <paramref name="name"/> is one of the agent's own capability attributes.</summary>
    public static bool IsCapability(string name) =>
        name.StartsWith("ecs.capability.", StringComparison.Ordinal) || name.StartsWith("com.amazonaws.ecs.capability.", StringComparison.Ordinal);

    public static Version Parse(string? version) =>
        Version.TryParse(version?.TrimStart('v'), out var parsed) ? parsed : Version.Parse(DefaultAgentVersion);

    /// <summary>What an agent of <paramref name="agentVersion"/> with configuration <paramref name="config"/> advertises.</summary>
    public static List<string> For(string? agentVersion, IReadOnlyDictionary<string, string> config)
    {
        var version = Parse(agentVersion);
        var result = ByVersion.Where(c => version >= c.Since).Select(c => c.Name).ToList();

        // The ECS-optimized AMI lists awslogs among ECS_AVAILABLE_LOGGING_DRIVERS; awslogs needs agent 1.9.0.
        var drivers = config.GetValueOrDefault("ECS_AVAILABLE_LOGGING_DRIVERS") ?? "[\"json-file\",\"awslogs\"]";
        foreach (var driver in new[] { "awslogs", "json-file", "syslog", "fluentd", "splunk", "gelf", "journald", "awsfirelens" })
        {
            if (drivers.Contains($"\"{driver}\"", StringComparison.Ordinal) && (driver != "awslogs" || version >= new Version(1, 9, 0)))
            {
                result.Add($"com.amazonaws.ecs.capability.logging-driver.{driver}");
            }
        }

        if (version >= new Version(1, 16, 0)
            && string.Equals(config.GetValueOrDefault("ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE"), "true", StringComparison.OrdinalIgnoreCase))
        {
            result.Add("ecs.capability.execution-role-awslogs");
        }

        return result;
    }
}
