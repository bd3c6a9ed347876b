using System.Text.Json;
using System.Text.Json.Nodes;
using Stevedore.Aws.Protocols;
using Stevedore.Cloud.Services;

namespace Stevedore.Cloud.Events;

/// <summary>Amazon EventBridge: rules on the default event bus, their targets and tags.</summary>
public sealed partial class EventsService : AwsService
{
    private const string DefaultBus = "default";

    public EventsService()
        : base("events")
    {
        RegisterRules();
        RegisterTargets();
        RegisterTags();
    }

    public override AwsServiceException AccessDenied(string message) => new("AccessDeniedException", message, 400);

    partial void RegisterRules();

    partial void RegisterTargets();

    partial void RegisterTags();

    /// <summary><c>arn:aws:events:R:A:rule/NAME</c> on the default bus, <c>rule/BUS/NAME</c> on another.</summary>
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html (rule-on-default-event-bus)
    internal static string RuleArn(string region, string account, string bus, string rule) =>
        bus == DefaultBus ? $"arn:aws:events:{region}:{account}:rule/{rule}" : $"arn:aws:events:{region}:{account}:rule/{bus}/{rule}";

    /// <summary>The bus a request names (a name or an ARN); only the default bus exists in Stevedore.</summary>
    private static string Bus(OperationContext context)
    {
        var bus = context.String("EventBusName") ?? DefaultBus;
        var slash = bus.StartsWith("arn:", StringComparison.Ordinal) ? bus.LastIndexOf('/') : -1;
        return slash >= 0 ? bus[(slash + 1)..] : bus;
    }

    private static string RequireDefaultBus(OperationContext context)
    {
        var bus = Bus(context);
        return bus == DefaultBus ? bus : throw EventsErrors.BusNotFound(bus);
    }

    /// <summary>An operation on the rule named by <paramref name="member"/>: its ARN, tags and creator account.</summary>
    private AuthorizationTarget RuleTarget(OperationContext context, string member)
    {
        var bus = Bus(context);
        var name = context.RequiredString(member);
        var target = new AuthorizationTarget(Action(context), RuleArn(context.Region, context.AccountId, bus, name));
        var rule = EventsStore.Find(context.Store, context.AccountId, context.Region, bus, name);
        target = target.With("events:creatorAccount", rule?.CreatedBy ?? context.AccountId);
        return rule is null ? target : target.WithResourceTags(rule.Tags.Select(t => new KeyValuePair<string, string>(t.Key, t.Value)));
    }

    private static RuleRecord RequireRule(OperationContext context, string member)
    {
        var bus = RequireDefaultBus(context);
        var name = context.RequiredString(member);
        return EventsStore.Find(context.Store, context.AccountId, context.Region, bus, name) ?? throw EventsErrors.RuleNotFound(name, bus);
    }

    private static void SaveRule(OperationContext context, RuleRecord rule, Func<RuleRecord, RuleRecord>? change = null) =>
        context.Store.Write(tx =>
        {
            var key = EventsStore.RuleKey(context.AccountId, context.Region, rule.EventBusName, rule.Name);
            var item = tx.Get(key) ?? throw EventsErrors.RuleNotFound(rule.Name, rule.EventBusName);
            var current = EventsStore.Read(item.Document);
            tx.Update(key, EventsStore.Write(change is null ? rule : change(current)), item.Version);
        });

    private static List<RuleTag> ReadTags(JsonNode? tags) =>
        tags is JsonArray list ? [.. list.Select(t => new RuleTag(t!["Key"]!.GetValue<string>(), t["Value"]!.GetValue<string>()))] : [];

    private static JsonArray TagsOutput(IEnumerable<RuleTag> tags) =>
        new([.. tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);

    private static string? TopLevelStrings(string? pattern, string field, out List<string> values)
    {
        values = [];
        if (pattern is null)
        {
            return null;
        }

        try
        {
            if (JsonNode.Parse(pattern) is JsonObject o && o[field] is JsonArray a)
            {
                values = [.. a.Where(v => v is JsonValue jv && jv.GetValueKind() == JsonValueKind.String).Select(v => v!.GetValue<string>())];
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException)
        {
            // Not a pattern (PutRule's own check says why): no condition keys from it.
            values = [];
        }

        return values.Count > 0 ? field : null;
    }
}
