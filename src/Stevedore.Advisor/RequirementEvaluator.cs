using Stevedore.LaunchPlan.Plan;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Advisor;

/// <summary>Turns a plan into requirements and decides each one with the policy engine.</summary>
internal sealed class RequirementEvaluator(TaskLaunchPlan plan, RoleUnderTest role, AdvisorOptions options)
{
    private readonly RoleUnderTest role = role;

    /// <summary>A Secrets Manager secret named without its suffix is evaluated as a real ARN would read (6 random characters).</summary>
    private const string SampleSecretSuffix = "-AbC123";

    private readonly List<Requirement> _requirements = [];

    public IReadOnlyList<Requirement> Evaluate()
    {
        if (plan.Assumption is { } assumption)
        {
            _requirements.Add(Assume(assumption));
        }

        foreach (var call in plan.Calls)
        {
            foreach (var resource in call.Resources)
            {
                var happens = call.Condition == CallCondition.Always || (call.Condition == CallCondition.IfLogGroupMissing && InMissingLogGroup(resource));
                _requirements.Add(ForCall(call, resource, RequirementKind.Call, call.Condition, call.StopsTaskOnFailure && happens));
            }

            foreach (var side in call.SideCalls)
            {
                _requirements.Add(ForSideCall(call, side));
            }
        }

        return _requirements;
    }

    private int NextId => _requirements.Count + 1;

    private Requirement Assume(RoleAssumption assumption)
    {
        var principal = RequestPrincipal.Service(RoleAssumption.ServicePrincipal);
        var requirement = new Requirement
        {
            Id = NextId,
            Kind = RequirementKind.RoleAssumption,
            Feature = Feature.ExecutionRole,
            Action = RoleAssumption.Action,
            Resource = assumption.RoleArn,
            PolicyResource = assumption.RoleArn,
            Service = "sts",
            Operation = "AssumeRole",
            Principal = RoleAssumption.ServicePrincipal,
            Context = assumption.ContextKeys,
            JsonPaths = assumption.JsonPath is { } path ? [path] : [],
            BlocksStart = true,
            Verdict = Verdict.NotEvaluated,
        };
        if (role.TrustPolicy is null)
        {
            return requirement with { Note = "no trust policy given: the role assumption is not evaluated" };
        }

        var context = PrincipalContextKeys.AddTo(ContextOf(assumption.ContextKeys, null), principal);
        var request = new AuthorizationRequest(principal, RoleAssumption.Action, assumption.RoleArn, context, RoleArn.Parse(assumption.RoleArn)?.Account);
        var set = new PolicySet { ResourcePolicy = role.TrustPolicy, ResourcePolicyKind = ResourcePolicyKind.Trust };
        return Decide(requirement, Authorizer.Explain(request, set));
    }

    private Requirement ForCall(PlannedCall call, string resource, RequirementKind kind, CallCondition condition, bool blocks)
    {
        var evaluated = call.ResourceIsPrefix ? resource + SampleSecretSuffix : resource;
        var requirement = new Requirement
        {
            Id = NextId,
            Kind = kind,
            Feature = call.Feature,
            Stage = call.Stage,
            Action = call.Action,
            Resource = evaluated,
            PolicyResource = PolicyResourceOf(call, resource),
            Service = call.Service,
            Operation = call.Operation,
            Principal = call.Principal.ToString(),
            CallPrincipal = call.Principal,
            Region = call.Region,
            Container = call.Container,
            Context = call.ContextKeys,
            JsonPaths = call.JsonPaths,
            Condition = condition,
            BlocksStart = blocks,
            Verdict = Verdict.NotEvaluated,
            Note = ConditionNote(condition) ?? call.ResourceNote,
        };

        var instance = call.Principal == LaunchPlan.Plan.CallPrincipal.InstanceRole;
        switch (call.Principal)
        {
            case LaunchPlan.Plan.CallPrincipal.InstanceRole when options.InstanceRole is null:
                return requirement with
                {
                    Principal = call.PrincipalRoleArn ?? "the container instance role",
                    Note = $"made with the container instance role{(call.PrincipalRoleArn is { } arn ? $" ({arn})" : "")}, not the execution role; give its policies with --instance-role-policy to evaluate it",
                };
            case LaunchPlan.Plan.CallPrincipal.PresignedUrl:
                return requirement with
                {
                    Principal = "pre-signed URL",
                    Note = "a pre-signed URL minted by ECR: no IAM identity; only a VPC endpoint policy applies",
                };
        }

        // The instance role's calls are made with the instance profile's session, named after the EC2 instance id
        // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/instance_IAM_role.html).
        var role = instance ? options.InstanceRole! : this.role;
        var roleArn = call.PrincipalRoleArn ?? (instance ? InstanceRoleArn : plan.ExecutionRoleArn);
        if (RoleArn.Parse(roleArn) is not { } parsed)
        {
            return requirement with
            {
                Verdict = Verdict.Denied,
                Principal = "no execution role",
                Message = "the task has no execution role to make this call with",
                Decision = DecisionKind.ImplicitDeny,
            };
        }

        var principal = RequestPrincipal.RoleSession(parsed.Account, parsed.Name, instance ? options.InstanceId : plan.Context.TaskId, parsed.Path, parsed.Partition);
        requirement = requirement with
        {
            Principal = principal.Arn,
            Note = instance ? Join(requirement.Note, $"made with the container instance role ({parsed.ToArn()}), not the execution role") : requirement.Note,
        };
        var resourceAccount = Stevedore.Policy.Matching.ArnParts.Account(evaluated);
        string? crossAccount = null;
        if (!string.IsNullOrEmpty(resourceAccount) && resourceAccount != parsed.Account)
        {
            crossAccount = $"cross-account: the resource policy in account {resourceAccount} must also allow {parsed.ToArn()}";
        }

        var context = PrincipalContextKeys.AddTo(ContextOf(call.ContextKeys, call.Region), principal);
        if (crossAccount is not null && options.ResourcePolicies.TryGetValue(evaluated, out var resourcePolicy))
        {
            // The resource's policy is known: across accounts it must allow too (none → denied).
            var crossRequest = new AuthorizationRequest(principal, call.Action, evaluated, context, resourceAccount);
            var crossSet = new PolicySet { Identity = role.IdentityPolicies, PermissionsBoundary = role.PermissionsBoundary, ResourcePolicy = resourcePolicy };
            var crossDecided = Decide(requirement, Authorizer.Explain(crossRequest, crossSet));
            var identityAllows = Authorizer.Authorize(new AuthorizationRequest(principal, call.Action, evaluated, context, parsed.Account), role.IdentitySet()).IsAllowed;
            return crossDecided with
            {
                MissingFromIdentity = crossDecided.Verdict == Verdict.Denied && !identityAllows,
                Note = Join(crossDecided.Note, $"cross-account: decided with the resource policy of account {resourceAccount}"),
            };
        }

        // Resource policies (repository, secret, key policies) are not known from files: the identity side decides, as in
        // the resource's own account; a cross-account resource is noted.
        var request = new AuthorizationRequest(principal, call.Action, evaluated, context, parsed.Account);
        var decided = Decide(requirement, Authorizer.Explain(request, role.IdentitySet()));
        if (decided is { Verdict: Verdict.Denied, Decision: DecisionKind.ImplicitDeny })
        {
            var identityAllows = role.PermissionsBoundary is not null
                && Authorizer.Authorize(request, new PolicySet { Identity = role.IdentityPolicies }).IsAllowed;
            decided = decided with { MissingFromIdentity = !identityAllows };
        }

        return crossAccount is null ? decided : decided with { Note = Join(decided.Note, crossAccount) };
    }

    private Requirement ForSideCall(PlannedCall parent, PlannedCall side)
    {
        var key = KeyFor(parent, side);
        var blocks = parent.StopsTaskOnFailure && parent.Condition == CallCondition.Always;
        if (key is null)
        {
            // The key is unknown (an AWS managed key needs no grant), but an explicit deny of kms:Decrypt on every key of
            // the account (Resource "*", "arn:aws:kms:*") denies any key, the AWS managed one too: an explicit deny
            // overrides the key policy's allow (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html).
            var anyKey = $"arn:{LaunchPlan.Context.Partitions.Of(side.Region)}:kms:{side.Region}:{RoleArn.Parse(plan.ExecutionRoleArn)?.Account ?? plan.Context.Account}:key/*";
            if (ForCall(side with { Resources = [anyKey], ResourceIsPrefix = false }, anyKey, RequirementKind.SideCall, CallCondition.IfCustomerManagedKey, blocks)
                is { Verdict: Verdict.Denied, Decision: DecisionKind.ExplicitDeny } denied)
            {
                return denied with
                {
                    Resource = null,
                    PolicyResource = null,
                    Note = "any key of the task's secrets, the AWS managed key too: an explicit deny of kms:Decrypt on every key",
                };
            }

            return new Requirement
            {
                Id = NextId,
                Kind = RequirementKind.SideCall,
                Feature = side.Feature,
                Stage = side.Stage,
                Action = side.Action,
                Resource = null,
                Service = side.Service,
                Operation = side.Operation,
                Principal = parent.Principal.ToString(),
                CallPrincipal = side.Principal,
                Region = side.Region,
                Container = side.Container,
                Context = side.ContextKeys,
                JsonPaths = side.JsonPaths,
                Condition = CallCondition.IfCustomerManagedKey,
                BlocksStart = false,
                Verdict = Verdict.NotEvaluated,
                Note = (side.ResourceNote ?? "the KMS key") + "; give the key with --kms-key to evaluate it",
            };
        }

        var keyed = side with { Resources = [key], ResourceIsPrefix = false };
        return ForCall(keyed, key, RequirementKind.SideCall, CallCondition.IfCustomerManagedKey, blocks) with
        {
            Note = "the secret's customer managed key (the key policy is assumed to delegate to IAM)",
        };
    }

    /// <summary>Whether a log group or stream ARN is in a group known to be missing (<see cref="AdvisorOptions.MissingLogGroups"/>).</summary>
    private bool InMissingLogGroup(string resource)
    {
        var at = resource.IndexOf(":log-stream:", StringComparison.Ordinal);
        return at > 0 && options.MissingLogGroups.Contains(resource[..at]);
    }

    private string? KeyFor(PlannedCall parent, PlannedCall side)
    {
        if (options.KmsKeys.Count == 0)
        {
            return null;
        }

        // One SSM GetParameters call decrypts each SecureString with its own key: the side call names its parameter.
        var secrets = side.ContextKeys.TryGetValue("kms:EncryptionContext:PARAMETER_ARN", out var parameter)
            ? parent.Secrets.Where(s => s.ResourceArn == parameter).ToList()
            : parent.Secrets;
        var resources = parameter is null ? parent.Resources : [parameter];
        foreach (var candidate in resources.Concat(secrets.SelectMany(s => new[] { s.ValueFrom, s.ResourceArn })))
        {
            if (options.KmsKeys.TryGetValue(candidate, out var key))
            {
                return key;
            }
        }

        return null;
    }

    private static Requirement Decide(Requirement requirement, Explanation explanation)
    {
        var decision = explanation.Decision;
        return requirement with
        {
            Verdict = decision.IsAllowed ? Verdict.Allowed : Verdict.Denied,
            Decision = decision.Kind,
            DecidedBy = decision.DecidedBy.ToString(),
            Statements = explanation.DecidingStatements,
            Message = explanation.Message,
            FailedConditions = decision.IsAllowed ? [] : explanation.FailedConditions,
            MissingContextKeys = decision.IsAllowed ? [] : explanation.MissingContextKeys,
        };
    }

    private static RequestContext ContextOf(IReadOnlyDictionary<string, string> keys, string? region)
    {
        var context = new RequestContext().Set("aws:SecureTransport", "true");
        if (region is not null)
        {
            context.Set("aws:RequestedRegion", region);
        }

        foreach (var (key, value) in keys)
        {
            context.Set(key, value);
        }

        return context;
    }

    private string PolicyResourceOf(PlannedCall call, string resource)
    {
        if (call.ResourceIsPrefix)
        {
            // Secrets Manager appends a hyphen and six random characters to a secret's name.
            // https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples.html#auth-and-access_examples_wildcard
            return resource + "-??????";
        }

        if (call.Action == "logs:CreateLogGroup" && resource.EndsWith(":log-stream:", StringComparison.Ordinal))
        {
            return resource[..^"log-stream:".Length] + "*";
        }

        return resource.Replace(plan.Context.TaskId, "*", StringComparison.Ordinal);
    }

    private static string? ConditionNote(CallCondition condition) => condition switch
    {
        CallCondition.IfLogGroupMissing => "only if the log group does not exist (awslogs-create-group)",
        CallCondition.IfCustomerManagedKey => "only for a customer managed key",
        _ => null,
    };

    /// <summary>The instance role when the plan does not name it: <c>ecsInstanceRole</c> in the task's account.</summary>
    private string InstanceRoleArn => $"arn:{plan.Context.Partition}:iam::{plan.Context.Account}:role/{AdvisorOptions.DefaultInstanceRoleName}";

    private static string Join(string? a, string b) => a is null ? b : $"{a}; {b}";
}
