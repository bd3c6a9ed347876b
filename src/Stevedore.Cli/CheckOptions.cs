using System.CommandLine;

namespace Stevedore.Cli;

/// <summary>The inputs <c>check</c> and <c>policy generate</c> share: task definitions, the role, the launch context.</summary>
internal sealed class CheckOptions
{
    public Argument<string[]> Paths { get; } = new("task-definitions")
    {
        Description = "Task definition files (RegisterTaskDefinition input or DescribeTaskDefinition output), CloudFormation templates (JSON or YAML), or folders (searched recursively for *.json, *.yaml, *.yml); none with --from-endpoint.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string> TrustPolicy { get; } = new("--trust-policy") { Description = "The execution role's trust policy (file)." };

    public Option<string[]> Policies { get; } = Many("--policy", "The role's identity policies: files, or AWS-managed policy ARNs (resolved from the built-in catalog).");

    public Option<string> Boundary { get; } = new("--boundary") { Description = "The role's permissions boundary (file or AWS-managed policy ARN)." };

    public Option<string> LaunchType { get; } = new("--launch-type") { Description = "FARGATE, EC2 or EXTERNAL (default: from requiresCompatibilities; EC2 when absent)." };

    public Option<string> PlatformVersion { get; } = new("--platform-version") { Description = "Fargate platform version (default LATEST)." };

    public Option<string> AgentVersion { get; } = new("--agent-version") { Description = "EC2/External container agent version (default: current)." };

    public Option<string[]> AgentConfig { get; } = Many("--agent-config", "Agent configuration NAME=VALUE (ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE=true …).");

    public Option<string> Account { get; } = new("--account") { Description = "The task's account (default: the execution role's, else 000000000000)." };

    public Option<string> Region { get; } = new("--region") { Description = "The task's region (default us-east-1)." };

    public Option<string[]> VpcEndpoints { get; } = Many("--vpc-endpoint", "A VPC endpoint of the task's VPC: SERVICE=vpce-… (ecr.dkr, ecr.api, s3, secretsmanager, ssm, logs, kms).");

    public Option<string> SourceVpc { get; } = new("--source-vpc") { Description = "The task's VPC (vpc-…), for aws:SourceVpc conditions." };

    public Option<string[]> KmsKeys { get; } = Many("--kms-key", "A customer managed key: SECRET_OR_PARAMETER=KEY_ARN (the valueFrom or ARN); its kms:Decrypt is then checked.");

    public Option<string[]> Parameters { get; } = Many("--parameter", "A CloudFormation template parameter NAME=VALUE (overrides its Default); AWS::StackName=NAME names generated resources.");

    public Option<string[]> Imports { get; } = Many("--import", "Another stack's export NAME=VALUE: the value of Fn::ImportValue NAME in templates.");

    public Option<string> Role { get; } = new("--role") { Description = "The execution role for every task: read (trust policy, inline and attached policies, boundary) from the running Stevedore at --endpoint." };

    public Option<string> Endpoint { get; } = new("--endpoint") { Description = "The running Stevedore that --role is read from (default: --from-endpoint, else AWS_ENDPOINT_URL)." };

    public Option<string> FromEndpoint { get; } = new("--from-endpoint") { Description = "Check every ACTIVE task definition registered in this running Stevedore, each with its own execution role read from it (unless --role/--policy/--trust-policy/--boundary)." };

    public Option<string[]> InstanceRolePolicies { get; } = Many("--instance-role-policy", "The EC2/External container instance role's identity policies: files, or AWS-managed policy ARNs. Its calls (awslogs without ECS_ENABLE_AWSLOGS_EXECUTIONROLE_OVERRIDE, pulls without the execution-role capability) are then evaluated.");

    public Option<string> InstanceRoleArn { get; } = new("--instance-role-arn") { Description = "The container instance role's ARN (default arn:aws:iam::ACCOUNT:role/ecsInstanceRole, or the --instance-role read from the endpoint)." };

    public Option<string> InstanceRole { get; } = new("--instance-role") { Description = "The container instance role: read (inline and attached policies, boundary) from the running Stevedore at --endpoint." };

    public Option<string> InstanceId { get; } = new("--instance-id") { Description = "The EC2 instance id: the instance role's session name (default i-00000000000000000)." };

    public void AddTo(Command command)
    {
        command.Arguments.Add(Paths);
        foreach (var option in new Option[] { TrustPolicy, Policies, Boundary, LaunchType, PlatformVersion, AgentVersion, AgentConfig, Account, Region, VpcEndpoints, SourceVpc, KmsKeys, Parameters, Imports, Role, Endpoint, FromEndpoint, InstanceRolePolicies, InstanceRoleArn, InstanceRole, InstanceId })
        {
            command.Options.Add(option);
        }
    }

    private static Option<string[]> Many(string name, string description) =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = true };
}
