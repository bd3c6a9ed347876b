using System.Text.Json;
using Stevedore.Storage;

namespace Stevedore.Cloud.Events;

/// <summary>EventBridge rules, one document per rule, per account and region, named <c>BUS/RULE</c> (case-sensitive).</summary>
internal static class EventsStore
{
    public static readonly ResourceKind Rules = new("events/rule", CaseInsensitiveNames: false);

    public static ResourceKey RuleKey(string account, string region, string bus, string rule) => new(account, region, Rules, $"{bus}/{rule}");

    public static RuleRecord Read(string json) => JsonSerializer.Deserialize(json, EventsJsonContext.Default.RuleRecord)!;

    public static string Write(RuleRecord rule) => JsonSerializer.Serialize(rule, EventsJsonContext.Default.RuleRecord);

    public static RuleRecord? Find(IStoreReader store, string account, string region, string bus, string rule) =>
        store.Get(RuleKey(account, region, bus, rule)) is { } item ? Read(item.Document) : null;
}
