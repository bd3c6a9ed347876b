using System.Text.Json.Nodes;
using Stevedore.Cloud.Authorization;
using Stevedore.Storage;

namespace Stevedore.Cloud.Services;

/// <summary>Everything one operation needs: who calls, what they sent, where, and when.</summary>
public sealed class OperationContext(
    Caller caller, string region, string operation, JsonObject input, DateTimeOffset now, string requestId, IStateStore store)
{
    public Caller Caller { get; } = caller;

    /// <summary>The account the request acts in: the caller's.</summary>
    public string AccountId => Caller.AccountId;

    public string Region { get; } = region;

    public string Operation { get; } = operation;

    public JsonObject Input { get; } = input;

    public DateTimeOffset Now { get; } = now;

    public string RequestId { get; } = requestId;

    public IStateStore Store { get; } = store;

    public string? String(string member) => Input[member]?.GetValue<string>();

    public string RequiredString(string member) => String(member) ?? throw new InvalidOperationException($"{member} is required by the model");

    public int? Int(string member) => Input[member]?.GetValue<int>();

    public bool? Bool(string member) => Input[member]?.GetValue<bool>();
}
