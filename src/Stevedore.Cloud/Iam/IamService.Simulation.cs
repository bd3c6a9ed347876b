using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Iam.Simulation;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;

namespace Stevedore.Cloud.Iam;

/// <summary>The policy simulator: SimulateCustomPolicy and SimulatePrincipalPolicy, on the enforcement engine.</summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulateCustomPolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html
public sealed partial class IamService
{
    /// <summary>What MatchedStatements calls an identity policy, whether given, inline or managed (observed in real responses).</summary>
    internal const string IdentityPolicySourceType = "IAM Policy";

    private readonly CompiledPolicyCache _simulationPolicies = new(1024);

    partial void RegisterSimulation()
    {
        Register("SimulateCustomPolicy", c => new AuthorizationTarget(Action(c), "*"), SimulateCustomPolicy);
        Register("SimulatePrincipalPolicy", c => new AuthorizationTarget(Action(c), c.RequiredString("PolicySourceArn")), SimulatePrincipalPolicy);
        RegisterAccountDetails();
    }

    partial void RegisterAccountDetails();

    private JsonObject SimulateCustomPolicy(OperationContext context)
    {
        var identity = Inputs(context, "PolicyInputList");
        var resourcePolicy = ResourcePolicyInput(context);
        var callerArn = context.String("CallerArn");
        if (resourcePolicy is not null && callerArn is null)
        {
            throw SimulationErrors.CallerArnRequired();
        }

        var principal = callerArn is not null
            ? CallerPrincipal(callerArn)
            : RequestPrincipal.Parse($"arn:aws:iam::{context.AccountId}:user/PolicySimulatorCaller");
        return Simulate(context, principal, identity, Boundary(context, null), resourcePolicy);
    }

    private JsonObject SimulatePrincipalPolicy(OperationContext context)
    {
        var source = context.RequiredString("PolicySourceArn");
        var store = new IamStore(context.Store);
        var (type, name) = SourceEntity(source, context.AccountId);
        Caller caller;
        RequestPrincipal defaultPrincipal;
        if (type == "user")
        {
            var user = store.FindUser(context.AccountId, name) is { } u && u.Arn == source ? u : throw IamErrors.NoSuchUser(name);
            caller = Caller.ForUser(user);
            defaultPrincipal = caller.Principal;
        }
        else if (type == "role")
        {
            var role = store.FindRole(context.AccountId, name) is { } r && r.Arn == source ? r : throw IamErrors.NoSuchRole(name);
            defaultPrincipal = RequestPrincipal.RoleSession(role.AccountId, role.RoleName, role.RoleName, role.Path);
            caller = new Caller(defaultPrincipal, role.AccountId, role.RoleId, Role: role);
        }
        else
        {
            throw new AwsServiceException("NoSuchEntity", $"The group with name {name} cannot be found.", 404);
        }

        // The same policies enforcement uses for this principal, named as the simulator names them.
        var enforced = new CallerPolicies(_simulationPolicies, store.FindPolicy).For(caller);
        var identity = new List<SimulatedPolicy>();
        var owner = caller.Role?.Arn ?? caller.User!.Arn;
        foreach (var policy in enforced.Identity)
        {
            identity.Add(Describe(policy, owner, caller, store));
        }

        var sourceType = type;
        identity.AddRange(Inputs(context, "PolicyInputList"));
        var boundary = Boundary(context, enforced.PermissionsBoundary is { } b ? Describe(b, owner, caller, store) : null);
        var resourcePolicy = ResourcePolicyInput(context);
        var callerArn = context.String("CallerArn");
        if (resourcePolicy is not null && callerArn is null && sourceType != "user")
        {
            throw SimulationErrors.CallerArnRequired();
        }

        var principal = callerArn is not null ? CallerPrincipal(callerArn) : defaultPrincipal;
        return Simulate(context, principal, identity, boundary, resourcePolicy);
    }

    private JsonObject Simulate(OperationContext context, RequestPrincipal principal, IReadOnlyList<SimulatedPolicy> identity,
        SimulatedPolicy? boundary, SimulatedPolicy? resourcePolicy)
    {
        var actions = Strings(context.Input["ActionNames"]);
        var given = Strings(context.Input["ResourceArns"]);
        foreach (var resource in given)
        {
            if (resource != "*" && !resource.StartsWith("arn:", StringComparison.Ordinal))
            {
                throw SimulationErrors.InvalidResourceArn(resource);
            }
        }

        var simulator = new PolicySimulator
        {
            Principal = principal,
            Identity = identity,
            Boundary = boundary,
            ResourcePolicy = resourcePolicy,
            ResourceOwner = ResourceOwner(context),
            Context = ContextEntries(context.Input["ContextEntries"]),
            ResourcesGiven = given.Count > 0,
        };
        var results = simulator.Run(actions, given.Count > 0 ? given : ["*"]).ToList();
        return Page(results, context);
    }

    /// <summary>Results by index: <c>MaxItems</c> (default 100) and an opaque Marker.</summary>
    private static JsonObject Page(List<JsonObject> results, OperationContext context)
    {
        var maxItems = context.Int("MaxItems") ?? 100;
        var start = 0;
        if (context.String("Marker") is { } marker)
        {
            try
            {
                start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(marker)), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                start = -1;
            }

            if (start < 0)
            {
                throw new AwsServiceException("InvalidInput", "Invalid Marker.", 400);
            }
        }

        var page = results.Skip(start).Take(maxItems).ToList();
        var next = start + page.Count;
        var output = new JsonObject
        {
            ["EvaluationResults"] = new JsonArray([.. page]),
            ["IsTruncated"] = next < results.Count,
        };
        if (next < results.Count)
        {
            output["Marker"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(next.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return output;
    }

    /// <summary>An enforced policy as the simulator names it: inline by name, managed by its policy name.</summary>
    private static SimulatedPolicy Describe(CompiledPolicy policy, string owner, Caller caller, IamStore store)
    {
        if (policy.Id.StartsWith(owner + "/", StringComparison.Ordinal))
        {
            var name = policy.Id[(owner.Length + 1)..];
            var inline = (caller.Role?.InlinePolicies ?? caller.User!.InlinePolicies).First(p => p.PolicyName == name);
            return new SimulatedPolicy(policy, name, IdentityPolicySourceType, inline.Document);
        }

        var managed = store.FindPolicy(policy.Id)!;
        return new SimulatedPolicy(policy, managed.PolicyName, IdentityPolicySourceType, managed.DefaultVersion.Document);
    }

    private List<SimulatedPolicy> Inputs(OperationContext context, string member) =>
        [.. Strings(context.Input[member]).Select((text, i) => Compile(text, PolicyType.Identity, $"{member}.{i + 1}", IdentityPolicySourceType))];

    /// <summary>The boundary given, else the principal's own; only one may be given.</summary>
    private SimulatedPolicy? Boundary(OperationContext context, SimulatedPolicy? own)
    {
        var given = Inputs(context, "PermissionsBoundaryPolicyInputList");
        if (given.Count > 1)
        {
            throw SimulationErrors.OneBoundary();
        }

        return given.Count == 1
            ? given[0] with { Policy = PolicyCompiler.Compile(given[0].Policy.Document, PolicyType.PermissionsBoundary, given[0].Policy.Id) }
            : own;
    }

    private SimulatedPolicy? ResourcePolicyInput(OperationContext context) =>
        context.String("ResourcePolicy") is { } text ? Compile(text, PolicyType.Resource, "ResourcePolicy", "resource") : null;

    private static SimulatedPolicy Compile(string text, PolicyType type, string id, string sourceType)
    {
        try
        {
            return new SimulatedPolicy(PolicyCompiler.Compile(text, type, id), id, sourceType, text);
        }
        catch (PolicyParseException e)
        {
            throw IamErrors.Malformed(e.Error.Message);
        }
    }

    /// <summary>CallerArn: IAM user ARNs only.</summary>
    private static RequestPrincipal CallerPrincipal(string arn)
    {
        try
        {
            var principal = RequestPrincipal.Parse(arn);
            return principal.Kind == PrincipalKind.User ? principal : throw SimulationErrors.InvalidCallerArn(arn);
        }
        catch (FormatException)
        {
            throw SimulationErrors.InvalidCallerArn(arn);
        }
    }

    /// <summary>ResourceOwner is an account ARN (<c>arn:aws:iam::123456789012:root</c>).</summary>
    // https://github.com/boto/botocore/issues/1346 (a bare account id: "'123456789012' is not a valid as a Resource Owner.")
    private static string? ResourceOwner(OperationContext context)
    {
        if (context.String("ResourceOwner") is not { } owner)
        {
            return null;
        }

        var parts = owner.Split(':');
        return parts.Length == 6 && parts[0] == "arn" && parts[4].Length == 12 && parts[4].All(char.IsAsciiDigit)
            ? parts[4]
            : throw new AwsServiceException("InvalidInput", $"'{owner}' is not a valid as a Resource Owner.", 400);
    }

    /// <summary>The user, role or group a PolicySourceArn names, in the caller's account.</summary>
    private static (string Type, string Name) SourceEntity(string arn, string account)
    {
        var parts = arn.Split(':', 6);
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "iam")
        {
            throw IamErrors.InvalidArn(arn);
        }

        var slash = parts[5].IndexOf('/', StringComparison.Ordinal);
        var type = slash < 0 ? parts[5] : parts[5][..slash];
        var name = parts[5][(parts[5].LastIndexOf('/') + 1)..];
        if (type is not ("user" or "role" or "group") || slash < 0)
        {
            throw IamErrors.InvalidArn(arn);
        }

        if (parts[4] != account)
        {
            throw type == "user" ? IamErrors.NoSuchUser(name) : type == "role" ? IamErrors.NoSuchRole(name)
                : new AwsServiceException("NoSuchEntity", $"The group with name {name} cannot be found.", 404);
        }

        return (type, name);
    }

    /// <summary>ContextEntries: list types give multi-valued keys.</summary>
    private static RequestContext ContextEntries(JsonNode? entries)
    {
        var context = new RequestContext();
        foreach (var entry in entries as JsonArray ?? [])
        {
            var name = entry?["ContextKeyName"]?.GetValue<string>();
            if (name is null)
            {
                continue;
            }

            var values = Strings(entry!["ContextKeyValues"]);
            var type = entry["ContextKeyType"]?.GetValue<string>() ?? "string";
            if (type.EndsWith("List", StringComparison.Ordinal))
            {
                context.SetMulti(name, values);
            }
            else if (values.Count > 0)
            {
                context.Set(name, values[0]);
            }
        }

        return context;
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(v => v!.GetValue<string>())] : [];
}
