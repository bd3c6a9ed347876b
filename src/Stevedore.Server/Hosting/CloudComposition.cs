using Stevedore.Agent;
using Stevedore.Cloud.Ecs;
using Stevedore.Cloud.Identity;
using Stevedore.Cloud.Services;
using Stevedore.Server.Pipeline;
using Stevedore.Storage;
using Stevedore.Storage.Memory;
using Stevedore.Storage.Sqlite;

namespace Stevedore.Server.Hosting;

/// <summary>Builds the emulated cloud (store, services, credentials) and serves it.</summary>
public sealed class CloudComposition : IAsyncDisposable
{
    private readonly RequestLog _log;

    private CloudComposition(StevedoreServer server, IStateStore store, AccountsConfig accounts, RequestLog log)
    {
        Server = server;
        Store = store;
        Accounts = accounts;
        _log = log;
    }

    public StevedoreServer Server { get; }

    public IStateStore Store { get; }

    public AccountsConfig Accounts { get; }

    public static async Task<CloudComposition> StartAsync(ServerOptions options, TextWriter log, TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        var configPath = options.ConfigPath ?? Path.Combine(options.DataDirectory, "stevedore.json");
        var accounts = AccountsConfig.Load(configPath);

        // Opening the store (SQLite's native library, the schema) and creating the services run on another thread
        // while the host is built: on two cores the two overlap.
        var opened = Task.Run(() => Open(options, accounts, log, clock ?? TimeProvider.System), cancellationToken);
        try
        {
            var server = await StevedoreServer.StartAsync(options, HandlerAsync(opened), cancellationToken).ConfigureAwait(false);
            var (store, _, pipeline) = await opened.ConfigureAwait(false);
            return new CloudComposition(server, store, accounts, pipeline.Log);
        }
        catch
        {
            try
            {
                var (store, _, pipeline) = await opened.ConfigureAwait(false);
                await pipeline.Log.DisposeAsync().ConfigureAwait(false);
                store.Dispose();
            }
            catch (Exception) when (opened.IsFaulted || opened.IsCanceled)
            {
                // The store did not open: the original failure is the one to report.
            }

            throw;
        }
    }

    private static async Task<StevedoreServer.Handler> HandlerAsync(Task<(IStateStore Store, IReadOnlyList<string> Services, AwsRequestPipeline Pipeline)> opened)
    {
        var (store, services, pipeline) = await opened.ConfigureAwait(false);
        return new StevedoreServer.Handler(services, http => TaskTraceEndpoint.Matches(http.Request)
            ? TaskTraceEndpoint.WriteAsync(http, store)
            : pipeline.HandleAsync(http));
    }

    private static (IStateStore Store, IReadOnlyList<string> Services, AwsRequestPipeline Pipeline) Open(
        ServerOptions options, AccountsConfig accounts, TextWriter log, TimeProvider clock)
    {
        IStateStore store = options.Ephemeral ? new MemoryStateStore() : SqliteStateStore.OpenFile(options.DataDirectory);
        try
        {
            var services = CloudServices.Create();
            var rootKeys = accounts.Accounts.ToDictionary(a => a.AccessKeyId, a => (a.Id, a.SecretAccessKey), StringComparer.Ordinal);
            var pipeline = new AwsRequestPipeline(services, store, new StoredCredentials(store, rootKeys), clock, new RequestLog(log));

            // The simulated ECS agent launches tasks, its calls going through this same pipeline in process.
            if (services.GetValueOrDefault("ecs") is EcsService ecs)
            {
                ecs.Launcher = new SimulatedAgent(pipeline, store, clock);
            }

            return (store, [.. services.Keys.Order(StringComparer.Ordinal)], pipeline);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Completes when every request line logged so far has been written to the log's output.</summary>
    public Task FlushLogAsync() => _log.FlushAsync();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        await _log.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
    }
}
