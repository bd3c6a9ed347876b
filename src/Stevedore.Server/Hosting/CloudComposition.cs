using Stevedore.Cloud.Identity;
using Stevedore.Cloud.Services;
using Stevedore.Server.Pipeline;
using Stevedore.Storage;
using Stevedore.Storage.Sqlite;

namespace Stevedore.Server.Hosting;

/// <summary>Builds the emulated cloud (store, services, credentials) and serves it.</summary>
public sealed class CloudComposition : IAsyncDisposable
{
    private CloudComposition(StevedoreServer server, IStateStore store, AccountsConfig accounts)
    {
        Server = server;
        Store = store;
        Accounts = accounts;
    }

    public StevedoreServer Server { get; }

    public IStateStore Store { get; }

    public AccountsConfig Accounts { get; }

    public static async Task<CloudComposition> StartAsync(ServerOptions options, TextWriter log, TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        var configPath = options.ConfigPath ?? Path.Combine(options.DataDirectory, "stevedore.json");
        var accounts = AccountsConfig.Load(configPath);
        var store = options.Ephemeral ? SqliteStateStore.OpenInMemory() : SqliteStateStore.OpenFile(options.DataDirectory);
        try
        {
            var services = CloudServices.Create();
            var rootKeys = accounts.Accounts.ToDictionary(a => a.AccessKeyId, a => (a.Id, a.SecretAccessKey), StringComparer.Ordinal);
            var pipeline = new AwsRequestPipeline(services, store, new StoredCredentials(store, rootKeys), clock ?? TimeProvider.System, new RequestLog(log));
            var server = await StevedoreServer.StartAsync(options, [.. services.Keys.Order(StringComparer.Ordinal)], pipeline.HandleAsync, cancellationToken)
                .ConfigureAwait(false);
            return new CloudComposition(server, store, accounts);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        Store.Dispose();
    }
}
