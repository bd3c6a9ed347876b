using System.CommandLine;
using System.Text.Json.Nodes;
using Stevedore.Advisor;

namespace Stevedore.Cli;

/// <summary>
/// <c>stevedore policy generate</c>: the same inputs as <c>check</c>; prints only the least-privilege identity policy
/// that grants what is missing (no statements when nothing is), or with <c>--as-cli</c> the
/// <c>aws iam put-role-policy</c> command(s) that add it, one per execution role. <c>--for instance-role</c>: the same for
/// the container instance role (its calls are evaluated only with <c>--instance-role-policy</c>/<c>--instance-role</c>).
/// </summary>
internal static class PolicyGenerateCommand
{
    public const string DefaultPolicyName = "StevedoreExecutionRoleGrants";

    public static Command Create()
    {
        var options = new CheckOptions();
        var asCli = new Option<bool>("--as-cli") { Description = "Print the aws iam put-role-policy command that adds the policy." };
        var policyName = new Option<string>("--policy-name") { Description = "The inline policy's name for --as-cli.", DefaultValueFactory = _ => DefaultPolicyName };
        var forRole = new Option<string>("--for")
        {
            Description = "execution-role (default) or instance-role: whose missing permissions to print (instance-role needs --instance-role-policy or --instance-role).",
            DefaultValueFactory = _ => ExecutionRole,
        };
        forRole.AcceptOnlyFromAmong(ExecutionRole, InstanceRole);
        var command = new Command("generate", "Print the least-privilege identity policy the execution role (or the container instance role) is missing.");
        options.AddTo(command);
        command.Options.Add(asCli);
        command.Options.Add(policyName);
        command.Options.Add(forRole);
        command.SetAction(parse =>
        {
            var instance = parse.GetValue(forRole) == InstanceRole;
            if (instance && parse.GetValue(options.InstanceRolePolicies) is not { Length: > 0 } && parse.GetValue(options.InstanceRole) is null)
            {
                throw new CliException("--for instance-role needs the instance role: --instance-role-policy FILE|ARN… or --instance-role NAME");
            }

            var inputs = CheckInputs.Load(parse, options);
            var output = parse.InvocationConfiguration.Output;
            if (!parse.GetValue(asCli))
            {
                output.WriteLine(Policy(inputs.Files, instance).ToJsonString(AdvisorJson.Indented));
                return 0;
            }

            foreach (var byRole in inputs.Files.GroupBy(f => (instance ? f.Report.InstanceRoleArn : f.Plan.ExecutionRoleArn) ?? ""))
            {
                var policy = Policy(byRole, instance);
                if (policy["Statement"]!.AsArray().Count == 0)
                {
                    continue;
                }

                var roleName = byRole.Key.Length == 0 ? "ROLE_NAME" : byRole.Key[(byRole.Key.LastIndexOf('/') + 1)..];
                output.WriteLine($"aws iam put-role-policy --role-name {roleName} --policy-name {parse.GetValue(policyName)} --policy-document '{policy.ToJsonString(AdvisorJson.Compact).Replace("'", "'\\''")}'");
            }

            return 0;
        });
        return command;
    }

    private const string ExecutionRole = "execution-role";
    private const string InstanceRole = "instance-role";

    /// <summary>The missing grants of every file, for the execution role or the container instance role.</summary>
    private static JsonObject Policy(IEnumerable<CheckedFile> files, bool instance) =>
        PolicyGenerator.Generate(files.SelectMany(f => f.Report.Requirements)
            .Where(r => r.Verdict == Verdict.Denied && r.Kind != RequirementKind.RoleAssumption && r.MissingFromIdentity
                && (r.CallPrincipal == LaunchPlan.Plan.CallPrincipal.InstanceRole) == instance));
}
