using Stevedore.Storage;

namespace Stevedore.Agent;

/// <summary>Where launch traces are kept (durably, like every resource): one document per task, keyed by the task id
/// (unique across accounts and regions), so a trace is found from the task ARN or the id alone.</summary>
public static class TraceStore
{
    public static readonly ResourceKind Traces = new("agent/launch-trace", CaseInsensitiveNames: false, Bulk: true);

    public static ResourceKey Key(string taskId) => new("", "", Traces, taskId);

    /// <summary>Writes a finished trace inside a transaction (ECS's outcome transaction).</summary>
    public static void Put(IStoreTransaction tx, string taskId, string document) => tx.Put(Key(taskId), document);

    /// <summary>The trace of a task named by its ARN (<c>…:task/CLUSTER/ID</c>) or id; null when none.</summary>
    public static string? Find(IStoreReader store, string taskArnOrId)
    {
        var id = taskArnOrId[(taskArnOrId.LastIndexOf('/') + 1)..];
        return id.Length == 0 ? null : store.Get(Key(id))?.Document;
    }
}
