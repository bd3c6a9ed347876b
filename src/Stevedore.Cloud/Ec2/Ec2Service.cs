using System.Text;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Ec2;

/// <summary>Amazon EC2 networking: VPCs, subnets, security groups, VPC endpoints and their tags.</summary>
public sealed partial class Ec2Service : AwsService
{
    public Ec2Service()
        : base("ec2")
    {
        RegisterVpcs();
        RegisterSubnets();
        RegisterSecurityGroups();
        RegisterEndpoints();
        RegisterTags();
    }

    /// <inheritdoc />
    public override IWireProtocol Protocol => Ec2Protocol.Instance;

    /// <summary>
    /// EC2's access denied: <c>UnauthorizedOperation</c>, 403, "You are not authorized to perform this operation." followed by
    /// the explanation; Describe actions (resource <c>*</c>) name no resource, the others append an encoded authorization
    /// failure message.
    /// </summary>
    // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (UnauthorizedOperation)
    public override AwsServiceException AccessDenied(string message)
    {
        const string AnyResource = " on resource: * ";
        var text = message.Contains(AnyResource, StringComparison.Ordinal)
            ? message.Replace(AnyResource, " ", StringComparison.Ordinal)
            : $"{message}. Encoded authorization failure message: {Convert.ToBase64String(Encoding.UTF8.GetBytes(message)).TrimEnd('=').Replace('+', '-').Replace('/', '_')}";
        return new AwsServiceException("UnauthorizedOperation", "You are not authorized to perform this operation. " + text, 403);
    }

    partial void RegisterVpcs();

    partial void RegisterSubnets();

    partial void RegisterSecurityGroups();

    partial void RegisterEndpoints();

    partial void RegisterTags();

    /// <summary>Registers an operation whose <c>DryRun</c> stops after authorization with <c>DryRunOperation</c>.</summary>
    private void Operation(string operation, Func<OperationContext, AuthorizationTarget> target, Func<OperationContext, JsonObject?> handler) =>
        Register(operation, target, context => context.Bool("DryRun") == true
            ? throw new AwsServiceException("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412)
            : handler(context));

    /// <summary>The target of a Describe action: <c>*</c>.</summary>
    private static AuthorizationTarget Everything(OperationContext context) => new(Ec2Authorization.Action(context.Operation), "*");

    /// <summary>The target of an action on an existing resource, with its tags as <c>aws:ResourceTag/…</c> and <c>ec2:ResourceTag/…</c>.</summary>
    private static AuthorizationTarget On(OperationContext context, string id)
    {
        var target = new AuthorizationTarget(Ec2Authorization.Action(context.Operation),
            Ec2Ids.Arn(context.Region, context.AccountId, Ec2Authorization.ResourceTypeOf(id), id));
        return Ec2Store.KindOf(id) is { } kind && Ec2Store.Find(context.Store, context.AccountId, context.Region, kind, id) is { } resource
            ? target.WithResourceTags(Ec2Filters.Tags(resource).Select(t => KeyValuePair.Create(t.Key, t.Value)), "ec2")
            : target;
    }

    /// <summary>The target of an action creating a resource (<c>vpc/*</c>), with the request's tags for it.</summary>
    private static AuthorizationTarget Creating(OperationContext context, string resourceType)
    {
        var target = new AuthorizationTarget(Ec2Authorization.Action(context.Operation), Ec2Ids.Arn(context.Region, context.AccountId, resourceType, "*"));
        return WithRequestTags(target, RequestedTags(context, resourceType));
    }

    private static AuthorizationTarget WithRequestTags(AuthorizationTarget target, IReadOnlyList<(string Key, string Value)> tags)
    {
        foreach (var (key, value) in tags)
        {
            target = target.With($"aws:RequestTag/{key}", value);
        }

        return tags.Count == 0 ? target : target.WithMulti("aws:TagKeys", [.. tags.Select(t => t.Key)]);
    }

    /// <summary>The tags <c>TagSpecifications</c> gives a resource type.</summary>
    private static List<(string Key, string Value)> RequestedTags(OperationContext context, string resourceType) =>
        [.. (context.Input["TagSpecifications"] as JsonArray ?? [])
            .Where(s => s?["ResourceType"]?.GetValue<string>() == resourceType)
            .SelectMany(s => TagList(s!["Tags"]))];

    private static List<(string Key, string Value)> TagList(JsonNode? tags) =>
        [.. (tags as JsonArray ?? []).Select(t => (t?["Key"]?.GetValue<string>() ?? "", t?["Value"]?.GetValue<string>() ?? ""))];

    private static JsonArray TagArray(IEnumerable<(string Key, string Value)> tags)
    {
        var array = new JsonArray();
        foreach (var (key, value) in tags)
        {
            CheckTagKey(key);
            array.Add((JsonNode)(new JsonObject { ["Key"] = key, ["Value"] = value }));
        }

        return array;
    }

    private static void CheckTagKey(string key)
    {
        // https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/Using_Tags.html#tag-restrictions
        if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
        {
            throw Ec2Errors.InvalidParameterValue("Tag keys starting with 'aws:' are reserved for internal use");
        }

        if (key.Length is 0 or > 128)
        {
            throw Ec2Errors.InvalidParameterValue($"Tag key must be between 1 and 128 characters: '{key}'");
        }
    }

    /// <summary>A stored document as the API shows it (members only Stevedore reads are ignored by the encoder; empty tag sets are left out).</summary>
    private static JsonObject Present(JsonObject document)
    {
        var copy = document.DeepClone().AsObject();
        if (copy["Tags"] is JsonArray { Count: 0 })
        {
            copy.Remove("Tags");
        }

        return copy;
    }

    private static List<string> Strings(JsonNode? list) => [.. (list as JsonArray ?? []).Select(v => v!.GetValue<string>())];

    /// <summary>One page of <paramref name="items"/> (ordered by id) after the <c>NextToken</c> of the previous page.</summary>
    private static (List<JsonObject> Page, string? NextToken) Paginate(OperationContext context, List<JsonObject> items, string idMember)
    {
        var start = 0;
        if (context.String("NextToken") is { } token)
        {
            start = items.FindIndex(i => string.CompareOrdinal(i[idMember]!.GetValue<string>(), token) >= 0);
            if (start < 0)
            {
                start = items.Count;
            }
        }

        var max = context.Int("MaxResults") is int m and > 0 ? m : int.MaxValue;
        var page = items.Skip(start).Take(max).ToList();
        var next = start + page.Count < items.Count ? items[start + page.Count][idMember]!.GetValue<string>() : null;
        return (page, next);
    }

    /// <summary>The resources named in <paramref name="ids"/>, or all; throws NotFound for ids that do not exist.</summary>
    private static List<JsonObject> Selected(OperationContext context, Storage.ResourceKind kind, JsonNode? ids, string idMember, Func<string, AwsServiceException> notFound)
    {
        var all = Ec2Store.All(context.Store, context.AccountId, context.Region, kind);
        var wanted = Strings(ids);
        if (wanted.Count == 0)
        {
            return all;
        }

        var byId = all.ToDictionary(r => r[idMember]!.GetValue<string>(), StringComparer.Ordinal);
        var missing = wanted.Where(id => !byId.ContainsKey(id)).Select(notFound).ToList();
        if (missing.Count > 0)
        {
            // Every id's shape is checked before any is looked up: a malformed id anywhere in the list is the answer.
            throw missing.FirstOrDefault(Ec2Errors.IsMalformed) ?? missing[0];
        }

        return [.. wanted.Distinct(StringComparer.Ordinal).Select(id => byId[id]).OrderBy(r => r[idMember]!.GetValue<string>(), StringComparer.Ordinal)];
    }

    private static IEnumerable<string?> One(JsonObject resource, string member) => [resource[member]?.ToString()];
}
