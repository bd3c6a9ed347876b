using System.CommandLine;
using Stevedore.Cli.Output;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cli;

/// <summary><c>stevedore policy simulate</c>: authorize one request against policy files. Exit 0 allowed, 1 denied, 2 error.</summary>
internal static class PolicySimulateCommand
{
    public const string DefaultPrincipal = "arn:aws:iam::000000000000:user/stevedore";

    public static Command Create()
    {
        var policies = Files("--policy", "Identity-based policies of the caller.");
        var resourcePolicy = new Option<string>("--resource-policy") { Description = "The resource's policy (bucket, repository, secret, key, role trust policy)." };
        var resourcePolicyKind = new Option<string>("--resource-policy-kind")
        {
            Description = "standard, trust (a role trust policy: must allow even in the same account) or kms (a key policy).",
            DefaultValueFactory = _ => "standard",
        };
        resourcePolicyKind.AcceptOnlyFromAmong("standard", "trust", "kms");
        var boundary = new Option<string>("--boundary") { Description = "The caller's permissions boundary." };
        var sessionPolicies = Files("--session-policy", "Session policies passed when the session was made.");
        var scps = Files("--scp", "Service control policies; each file is one level (root, OU…, account) and every level must allow.");
        var rcps = Files("--rcp", "Resource control policies of the resource's account.");
        var vpcePolicy = new Option<string>("--vpce-policy") { Description = "The policy of the VPC endpoint the request comes through." };
        var principal = new Option<string>("--principal")
        {
            Description = "The caller: an ARN (user, root, assumed-role session, federated user), service:NAME, federated:NAME or anonymous.",
            DefaultValueFactory = _ => DefaultPrincipal,
        };
        var action = new Option<string>("--action") { Description = "The action, e.g. ecr:BatchGetImage.", Required = true };
        var resource = new Option<string>("--resource") { Description = "The resource ARN.", DefaultValueFactory = _ => "*" };
        var resourceAccount = new Option<string>("--resource-account") { Description = "The account that owns the resource (default: the ARN's, else the caller's)." };
        var context = new Option<string[]>("--context")
        {
            Description = "A condition key: key=value; repeat a key or write key=[a,b] for a multi-valued key.",
            AllowMultipleArgumentsPerToken = true,
        };
        var explain = new Option<bool>("--explain") { Description = "Show the deciding and matched statements, failed conditions and missing context keys." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };

        var command = new Command("simulate", "Authorize one request against policy files, as IAM would.")
        {
            policies, resourcePolicy, resourcePolicyKind, boundary, sessionPolicies, scps, rcps, vpcePolicy,
            principal, action, resource, resourceAccount, context, explain, json,
        };
        command.SetAction(parse =>
        {
            var identityFiles = parse.GetValue(policies) ?? [];
            var resourceFile = parse.GetValue(resourcePolicy);
            if (identityFiles.Length == 0 && resourceFile is null)
            {
                throw new CliException("give at least one --policy or a --resource-policy");
            }

            var kind = parse.GetValue(resourcePolicyKind) switch
            {
                "trust" => ResourcePolicyKind.Trust,
                "kms" => ResourcePolicyKind.KeyPolicy,
                _ => ResourcePolicyKind.Standard,
            };
            var set = new PolicySet
            {
                Identity = [.. identityFiles.Select(f => PolicyFiles.Compile(f, PolicyType.Identity))],
                ResourcePolicy = resourceFile is null ? null
                    : PolicyFiles.Compile(resourceFile, kind == ResourcePolicyKind.Trust ? PolicyType.Trust : PolicyType.Resource),
                ResourcePolicyKind = kind,
                PermissionsBoundary = Optional(parse.GetValue(boundary), PolicyType.PermissionsBoundary),
                SessionPolicies = parse.GetValue(sessionPolicies) is { Length: > 0 } sessions
                    ? [.. sessions.Select(f => PolicyFiles.Compile(f, PolicyType.Session))]
                    : null,
                ServiceControlPolicies = [.. (parse.GetValue(scps) ?? []).Select(f => (IReadOnlyList<CompiledPolicy>)[PolicyFiles.Compile(f, PolicyType.ServiceControl)])],
                ResourceControlPolicies = [.. (parse.GetValue(rcps) ?? []).Select(f => (IReadOnlyList<CompiledPolicy>)[PolicyFiles.Compile(f, PolicyType.ResourceControl)])],
                VpcEndpointPolicy = Optional(parse.GetValue(vpcePolicy), PolicyType.VpcEndpoint),
            };

            var caller = ParsePrincipal(parse.GetValue(principal)!);
            var requestContext = PrincipalContextKeys.AddTo(ContextArguments.Parse(parse.GetValue(context) ?? []), caller);
            var request = new AuthorizationRequest(caller, ActionName(parse.GetValue(action)!), parse.GetValue(resource)!, requestContext,
                parse.GetValue(resourceAccount));
            var explanation = Authorizer.Explain(request, set);

            var output = parse.InvocationConfiguration.Output;
            var withExplanation = parse.GetValue(explain);
            if (parse.GetValue(json))
            {
                SimulateOutput.WriteJson(output, request, explanation, withExplanation);
            }
            else
            {
                SimulateOutput.WriteText(output, explanation, withExplanation);
            }

            return explanation.Decision.IsAllowed ? 0 : 1;
        });
        return command;
    }

    private static Option<string[]> Files(string name, string description) =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = true };

    private static CompiledPolicy? Optional(string? path, PolicyType type) => path is null ? null : PolicyFiles.Compile(path, type);

    /// <summary>
    /// A request names one action, <c>service:Operation</c>: no wildcard, both parts non-empty (IAM's simulator refuses
    /// action names shorter than three characters; a policy's "*" would otherwise allow an empty one).
    /// </summary>
    private static string ActionName(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var valid = colon > 0 && colon < text.Length - 1 && text.IndexOf(':', colon + 1) < 0 &&
            text.AsSpan(0, colon).IndexOfAnyExcept(LowerAlphanumericOrHyphen) < 0 &&
            text.AsSpan(colon + 1).IndexOfAnyExcept(Alphanumeric) < 0;
        return valid ? text : throw new CliException($"--action: '{text}' is not an action name (service:Operation, e.g. ecr:BatchGetImage)");
    }

    private static readonly System.Buffers.SearchValues<char> LowerAlphanumericOrHyphen =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    private static readonly System.Buffers.SearchValues<char> Alphanumeric =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    private static RequestPrincipal ParsePrincipal(string text)
    {
        try
        {
            return RequestPrincipal.Parse(text);
        }
        catch (FormatException e)
        {
            throw new CliException($"--principal: {e.Message}");
        }
    }
}
