using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Iam.Model;
using Stevedore.Cloud.Services;
using Stevedore.Storage;

namespace Stevedore.Cloud.Iam;

/// <summary>GetAccountAuthorizationDetails: every user, role and policy of the account with its permissions.</summary>
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
public sealed partial class IamService
{
    private static readonly string[] AllEntityTypes = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"];

    partial void RegisterAccountDetails() =>
        Register("GetAccountAuthorizationDetails", c => new AuthorizationTarget(Action(c), "*"), GetAccountAuthorizationDetails);

    private JsonObject GetAccountAuthorizationDetails(OperationContext context)
    {
        var filter = Strings(context.Input["Filter"]);
        var wanted = new HashSet<string>(filter.Count > 0 ? filter : AllEntityTypes, StringComparer.Ordinal);
        var account = context.AccountId;
        var store = new IamStore(context.Store);
        var users = All(context.Store, account, IamStore.Users).Select(IamStore.ReadUser).OrderBy(u => u.UserName, StringComparer.OrdinalIgnoreCase).ToList();
        var roles = All(context.Store, account, IamStore.Roles).Select(IamStore.ReadRole).OrderBy(r => r.RoleName, StringComparer.OrdinalIgnoreCase).ToList();
        var attachments = roles.SelectMany(r => r.AttachedPolicyArns).Concat(users.SelectMany(u => u.AttachedPolicyArns)).ToList();
        var boundaries = roles.Select(r => r.PermissionsBoundaryArn).Concat(users.Select(u => u.PermissionsBoundaryArn)).OfType<string>().ToList();

        var policies = new List<ManagedPolicy>();
        if (wanted.Contains("LocalManagedPolicy"))
        {
            policies.AddRange(All(context.Store, account, IamStore.Policies).Select(IamStore.ReadPolicy).OrderBy(p => p.PolicyName, StringComparer.OrdinalIgnoreCase));
        }

        if (wanted.Contains("AWSManagedPolicy"))
        {
            // The AWS managed policies the account uses: attached or set as a boundary.
            policies.AddRange(attachments.Concat(boundaries).Distinct(StringComparer.Ordinal)
                .Select(arn => AwsManagedPolicies.TryGet(arn, out var p) ? p : null).OfType<ManagedPolicy>()
                .OrderBy(p => p.PolicyName, StringComparer.OrdinalIgnoreCase));
        }

        // One sequence over every kind, so MaxItems and Marker page across them.
        var entries = new List<(string Kind, JsonObject Detail)>();
        if (wanted.Contains("User"))
        {
            entries.AddRange(users.Select(u => ("UserDetailList", UserDetail(u, store))));
        }

        if (wanted.Contains("Role"))
        {
            entries.AddRange(roles.Select(r => ("RoleDetailList", RoleDetail(r, store))));
        }

        entries.AddRange(policies.Select(p => ("Policies", PolicyDetail(p,
            attachments.Count(a => a == p.Arn), boundaries.Count(b => b == p.Arn)))));

        var maxItems = context.Int("MaxItems") ?? 100;
        var start = context.String("Marker") is { } marker ? DecodeIndex(marker) : 0;
        var page = entries.Skip(start).Take(maxItems).ToList();
        var next = start + page.Count;
        var output = new JsonObject();
        foreach (var list in new[] { "UserDetailList", "GroupDetailList", "RoleDetailList", "Policies" })
        {
            output[list] = new JsonArray([.. page.Where(e => e.Kind == list).Select(e => (JsonNode)e.Detail)]);
        }

        output["IsTruncated"] = next < entries.Count;
        if (next < entries.Count)
        {
            output["Marker"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(next.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return output;
    }

    private static int DecodeIndex(string marker)
    {
        try
        {
            var index = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(marker)), System.Globalization.CultureInfo.InvariantCulture);
            if (index >= 0)
            {
                return index;
            }
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
        }

        // A marker is only ever one this service handed out (an offset it wrote): anything else is refused.
        throw new AwsServiceException("ValidationError", "Invalid Marker.", 400);
    }

    private static List<string> All(IStateStore store, string account, ResourceKind kind)
    {
        var documents = new List<string>();
        string? marker = null;
        do
        {
            var page = store.List(new ListQuery(new CollectionKey(account, "", kind), Limit: ListQuery.MaxLimit, Marker: marker));
            documents.AddRange(page.Items.Select(i => i.Document));
            marker = page.NextMarker;
        }
        while (marker is not null);
        return documents;
    }

    private static JsonObject RoleDetail(Role role, IamStore store)
    {
        var detail = new JsonObject
        {
            ["Path"] = role.Path,
            ["RoleName"] = role.RoleName,
            ["RoleId"] = role.RoleId,
            ["Arn"] = role.Arn,
            ["CreateDate"] = role.CreateDate,
            ["AssumeRolePolicyDocument"] = IamWire.EncodeDocument(role.AssumeRolePolicyDocument),
            ["InstanceProfileList"] = new JsonArray(),
            ["RolePolicyList"] = InlineDetails(role.InlinePolicies),
            ["AttachedManagedPolicies"] = Attached(role.AttachedPolicyArns, store),
            ["Tags"] = IamWire.Tags(role.Tags),
            ["RoleLastUsed"] = new JsonObject(),
        };
        if (role.PermissionsBoundaryArn is { } boundary)
        {
            detail["PermissionsBoundary"] = Boundary(boundary);
        }

        return detail;
    }

    private static JsonObject UserDetail(User user, IamStore store)
    {
        var detail = new JsonObject
        {
            ["Path"] = user.Path,
            ["UserName"] = user.UserName,
            ["UserId"] = user.UserId,
            ["Arn"] = user.Arn,
            ["CreateDate"] = user.CreateDate,
            ["UserPolicyList"] = InlineDetails(user.InlinePolicies),
            ["GroupList"] = new JsonArray(),
            ["AttachedManagedPolicies"] = Attached(user.AttachedPolicyArns, store),
            ["Tags"] = IamWire.Tags(user.Tags),
        };
        if (user.PermissionsBoundaryArn is { } boundary)
        {
            detail["PermissionsBoundary"] = Boundary(boundary);
        }

        return detail;
    }

    private static JsonObject PolicyDetail(ManagedPolicy policy, int attachments, int boundaryUses)
    {
        var detail = new JsonObject
        {
            ["PolicyName"] = policy.PolicyName,
            ["PolicyId"] = policy.PolicyId,
            ["Arn"] = policy.Arn,
            ["Path"] = policy.Path,
            ["DefaultVersionId"] = policy.DefaultVersion.VersionId,
            ["AttachmentCount"] = attachments,
            ["PermissionsBoundaryUsageCount"] = boundaryUses,
            ["IsAttachable"] = true,
            ["CreateDate"] = policy.CreateDate,
            ["UpdateDate"] = policy.UpdateDate,
            ["PolicyVersionList"] = new JsonArray([.. policy.Versions.Select(v => (JsonNode)new JsonObject
            {
                ["Document"] = IamWire.EncodeDocument(v.Document),
                ["VersionId"] = v.VersionId,
                ["IsDefaultVersion"] = v.IsDefaultVersion,
                ["CreateDate"] = v.CreateDate,
            })]),
        };
        if (policy.Description is { } description)
        {
            detail["Description"] = description;
        }

        return detail;
    }

    private static JsonArray InlineDetails(IEnumerable<InlinePolicy> policies) =>
        [.. policies.Select(p => (JsonNode)new JsonObject { ["PolicyName"] = p.PolicyName, ["PolicyDocument"] = IamWire.EncodeDocument(p.Document) })];

    private static JsonArray Attached(IEnumerable<string> arns, IamStore store) =>
        [.. arns.Select(arn => (JsonNode)new JsonObject
        {
            ["PolicyName"] = store.FindPolicy(arn)?.PolicyName ?? arn[(arn.LastIndexOf('/') + 1)..],
            ["PolicyArn"] = arn,
        })];

    private static JsonObject Boundary(string arn) =>
        new() { ["PermissionsBoundaryType"] = "Policy", ["PermissionsBoundaryArn"] = arn };
}
