using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Authorization;
using Stevedore.Cloud.Iam;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Services;
using Stevedore.Policy.Document;
using Stevedore.Policy.Evaluation;
using Stevedore.Policy.Parsing;

namespace Stevedore.Cloud.Sts;

/// <summary>AssumeRole: temporary credentials for a role whose trust policy allows the caller.</summary>
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
public sealed partial class StsService
{
    private const int DefaultRoleSessionSeconds = 3600;

    /// <summary>Role chaining limits a session to one hour whatever the role allows.</summary>
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining
    private const int ChainedSessionSeconds = 3600;

    private const int MaxPolicyArns = 10;

    /// <summary>The share of STS's packed-policy space a session may use, in compressed bytes (AWS does not publish it).</summary>
    private const int PackedPolicyBudget = 2048;

    private readonly CompiledPolicyCache _trustPolicies = new();

    partial void RegisterAssumeRole() => Register("AssumeRole", AssumeRoleTarget, AssumeRole);

    /// <summary>
    /// sts:AssumeRole on the role, with its trust policy as the resource policy: the trust policy must allow the
    /// caller, and unless it names the caller itself the caller's own policies must allow sts:AssumeRole too. A
    /// missing role is authorized with no trust policy, so it is denied exactly as a role that does not trust the
    /// caller (the root, whose identity side always allows, is refused by the handler with the same text).
    /// </summary>
    private AuthorizationTarget AssumeRoleTarget(OperationContext context)
    {
        var arn = context.RequiredString("RoleArn");
        var account = RoleAccount(arn) ?? context.AccountId;
        if (FindRole(context, arn) is not { } role)
        {
            return new AuthorizationTarget("sts:AssumeRole", arn, ResourceAccount: account, OmitDenialReason: true);
        }

        var trust = _trustPolicies.Get(role.AssumeRolePolicyDocument, PolicyType.Trust, role.Arn);
        return new AuthorizationTarget("sts:AssumeRole", arn, trust, ResourcePolicyKind.Trust, account, OmitDenialReason: true);
    }

    private JsonObject AssumeRole(OperationContext context)
    {
        var arn = context.RequiredString("RoleArn");
        var caller = context.Caller;
        var role = FindRole(context, arn)
            ?? throw new AwsServiceException("AccessDenied",
                $"User: {caller.Principal.Arn} is not authorized to perform: sts:AssumeRole on resource: {arn}", 403);

        var chained = caller.Session?.RoleArn is not null;
        var duration = context.Int("DurationSeconds") ?? DefaultRoleSessionSeconds;
        if (chained && duration > ChainedSessionSeconds)
        {
            throw new AwsServiceException("ValidationError",
                "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", 400);
        }

        if (duration > role.MaxSessionDuration)
        {
            throw new AwsServiceException("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", 400);
        }

        var policies = SessionPolicies(context);
        var tags = SessionTags(context);
        var sessionName = context.RequiredString("RoleSessionName");
        int? packedSize = null;
        if (context.Input["Policy"] is not null || context.Input["PolicyArns"] is not null || context.Input["Tags"] is not null)
        {
            packedSize = PackedPolicySize(policies, tags);
        }

        var session = NewSession(context, duration) with
        {
            AccountId = role.AccountId,
            RoleArn = role.Arn,
            RoleId = role.RoleId,
            RoleSessionName = sessionName,
            SessionPolicies = policies.Count > 0 ? policies : null,
            SessionTags = tags,
            Chained = chained,
        };
        Save(context, session);

        var output = new JsonObject
        {
            ["Credentials"] = RenderCredentials(session),
            ["AssumedRoleUser"] = new JsonObject
            {
                ["AssumedRoleId"] = $"{role.RoleId}:{sessionName}",
                ["Arn"] = $"arn:aws:sts::{role.AccountId}:assumed-role/{role.RoleName}/{sessionName}",
            },
        };
        if (packedSize is { } size)
        {
            output["PackedPolicySize"] = size;
        }

        return output;
    }

    /// <summary>The role the ARN names, if it exists with exactly that ARN (path included).</summary>
    private static Role? FindRole(OperationContext context, string arn)
    {
        var account = RoleAccount(arn);
        if (account is null)
        {
            return null;
        }

        var name = arn[(arn.LastIndexOf('/') + 1)..];
        return name.Length > 0 && new IamStore(context.Store).FindRole(account, name) is { } role &&
            string.Equals(role.Arn, arn, StringComparison.OrdinalIgnoreCase)
            ? role
            : null;
    }

    /// <summary>The account of <c>arn:aws:iam::ACCOUNT:role/…</c>, or null when the ARN names no role.</summary>
    private static string? RoleAccount(string arn)
    {
        var parts = arn.Split(':', 6);
        return parts.Length == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[4].Length == 12 &&
            parts[5].StartsWith("role/", StringComparison.Ordinal)
            ? parts[4]
            : null;
    }

    /// <summary>The inline session policy, then the default versions of the managed ones named by PolicyArns.</summary>
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html#policies_session
    private static List<string> SessionPolicies(OperationContext context)
    {
        var documents = new List<string>();
        if (context.String("Policy") is { } policy)
        {
            var parsed = PolicyParser.Parse(policy, PolicyType.Session);
            if (!parsed.Success)
            {
                var error = parsed.FirstError!;
                throw new AwsServiceException(error.Code == PolicyError.LimitExceeded ? "PackedPolicyTooLarge" : "MalformedPolicyDocument",
                    error.Message, 400);
            }

            documents.Add(policy);
        }

        if (context.Input["PolicyArns"] is JsonArray arns)
        {
            if (arns.Count > MaxPolicyArns)
            {
                throw new AwsServiceException("ValidationError",
                    $"1 validation error detected: Value '{arns.Count}' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to {MaxPolicyArns}",
                    400);
            }

            var iam = new IamStore(context.Store);
            foreach (var entry in arns)
            {
                var arn = entry?["arn"]?.GetValue<string>() ?? "";
                var managed = iam.FindPolicy(arn)
                    ?? throw new AwsServiceException("InvalidParameterValue", $"Policy {arn} does not exist or is not attachable.", 400);
                documents.Add(managed.DefaultVersion.Document);
            }
        }

        return documents;
    }

    private static Dictionary<string, string> SessionTags(OperationContext context)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in IamWire.ReadTags(context.Input["Tags"]))
        {
            if (tags.Keys.Any(k => string.Equals(k, tag.Key, StringComparison.OrdinalIgnoreCase)))
            {
                throw new AwsServiceException("InvalidParameterValue", "Duplicate tag keys found. Please note that Tag keys are case insensitive.", 400);
            }

            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    /// <summary>
    /// The percentage of the packed-policy space the session policies and tags use, as AWS reports it in
    /// <c>PackedPolicySize</c>; over 100 the request fails with <c>PackedPolicyTooLarge</c>. AWS packs them into a
    /// compressed binary form it does not document, so the size here is the deflated JSON against a fixed budget.
    /// </summary>
    private static int PackedPolicySize(IReadOnlyList<string> policies, IReadOnlyDictionary<string, string> tags)
    {
        var text = new StringBuilder();
        foreach (var policy in policies)
        {
            text.Append(policy);
        }

        foreach (var (key, value) in tags)
        {
            text.Append(key).Append('=').Append(value).Append(';');
        }

        using var packed = new MemoryStream();
        using (var deflate = new DeflateStream(packed, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }

        var percent = (int)Math.Ceiling(100.0 * packed.Length / PackedPolicyBudget);
        if (percent > 100)
        {
            // Both texts: https://repost.aws/knowledge-center/iam-role-aws-sts-error
            throw new AwsServiceException("PackedPolicyTooLarge", policies.Count == 0
                ? $"Packed size of session tags consumes {percent}% of allotted space."
                : $"Packed policy consumes {percent}% of allotted space, please use smaller policy.", 400);
        }

        return percent;
    }
}
