using Stevedore.Advisor;
using Stevedore.LaunchPlan.Input;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using ParseResult = System.CommandLine.ParseResult;

namespace Stevedore.Cli;

/// <summary>
/// The running Stevedore <c>check</c> reads from: <c>--role NAME</c> (one role for every task) with <c>--endpoint</c>,
/// and/or <c>--from-endpoint URL</c> (every ACTIVE task definition; each definition's own execution role unless a role is
/// given by <c>--role</c> or files). Calls are signed for <c>--region</c>, else <c>AWS_REGION</c>/<c>AWS_DEFAULT_REGION</c>,
/// else us-east-1.
/// </summary>
internal sealed class Endpoint
{
    private readonly Dictionary<string, RoleUnderTest> _roles = new(StringComparer.Ordinal);

    private Endpoint(EndpointClient client, bool fromEndpoint)
    {
        Client = client;
        FromEndpoint = fromEndpoint;
    }

    public EndpointClient Client { get; }

    /// <summary>Whether the task definitions come from the endpoint (<c>--from-endpoint</c>).</summary>
    public bool FromEndpoint { get; }

    /// <summary>The role given by <c>--role</c>, or null (each task's own).</summary>
    public RoleUnderTest? Role { get; private init; }

    /// <summary>Null when no endpoint option is given.</summary>
    public static Endpoint? Open(ParseResult parse, CheckOptions options)
    {
        var from = parse.GetValue(options.FromEndpoint);
        var roleName = parse.GetValue(options.Role);
        var instanceRoleName = parse.GetValue(options.InstanceRole);
        var url = parse.GetValue(options.Endpoint) ?? from;
        if (url is null)
        {
            url = roleName is null && instanceRoleName is null ? null : Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is { Length: > 0 } env ? env
                : throw new CliException($"{(roleName is null ? "--instance-role" : "--role")} NAME needs --endpoint URL (the running Stevedore holding the role)");
        }

        if (url is null)
        {
            return null;
        }

        EndpointUrl.Require(url);
        var region = parse.GetValue(options.Region) ?? (Environment.GetEnvironmentVariable("AWS_REGION") is { Length: > 0 } r ? r
            : Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") is { Length: > 0 } d ? d : "us-east-1");
        var client = new EndpointClient(url, region);
        (RoleUnderTest Role, string Arn)? instanceRole = instanceRoleName is null ? null : ReadNamed(client, instanceRoleName);
        return new Endpoint(client, from is not null)
        {
            Role = roleName is null ? null : ReadNamed(client, roleName).Role,
            InstanceRole = instanceRole?.Role,
            InstanceRoleArn = instanceRole?.Arn,
        };
    }

    /// <summary>The container instance role given by <c>--instance-role</c>, or null.</summary>
    public RoleUnderTest? InstanceRole { get; private init; }

    /// <summary>Its ARN as IAM holds it.</summary>
    public string? InstanceRoleArn { get; private init; }

    /// <summary>A role by name (or ARN: its last path segment); exit 2 when the endpoint has none.</summary>
    private static (RoleUnderTest Role, string Arn) ReadNamed(EndpointClient client, string nameOrArn)
    {
        var name = nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..];
        return EndpointRoles.ReadWithArn(client, name) ?? throw new CliException($"{client.Endpoint}: no role named {name} (GetRole: NoSuchEntity)");
    }

    /// <summary>The definition's execution role read from the endpoint (once per role). A role the endpoint does not hold
    /// is a trust policy with no statements: nothing can assume it, as ECS finds at launch. No role: nothing is granted.</summary>
    public RoleUnderTest RoleOf(TaskDefinition definition)
    {
        if (definition.ExecutionRoleArn?.Value is not { Length: > 0 } arn)
        {
            return RoleUnderTest.Empty;
        }

        if (!_roles.TryGetValue(arn, out var role))
        {
            role = EndpointRoles.Read(Client, arn[(arn.LastIndexOf('/') + 1)..])
                ?? new RoleUnderTest(PolicyCompiler.Compile(new PolicyDocument(PolicyDocument.Version2012, null, new EquatableArray<Statement>([]), true),
                    PolicyType.Trust, $"{arn} (no such role)"), []);
            _roles[arn] = role;
        }

        return role;
    }
}
