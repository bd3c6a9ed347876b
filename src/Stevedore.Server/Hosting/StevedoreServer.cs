using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Stevedore.Server.Hosting;

/// <summary>One HTTP endpoint for every emulated service, plus <c>/_stevedore/health</c>.</summary>
public sealed class StevedoreServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Stopwatch _uptime = Stopwatch.StartNew();

    private StevedoreServer(WebApplication app, ServerOptions options, IReadOnlyList<string> services)
    {
        _app = app;
        Options = options;
        Services = services;
    }

    public ServerOptions Options { get; }

    public IReadOnlyList<string> Services { get; }

    /// <summary>The address actually bound (the port is known after start when 0 was asked for).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public static string Version { get; } =
        typeof(StevedoreServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    /// <summary>Builds and starts the server; <paramref name="handle"/> answers every AWS request.</summary>
    public static Task<StevedoreServer> StartAsync(ServerOptions options, IReadOnlyList<string> services,
        RequestDelegate handle, CancellationToken cancellationToken = default) =>
        StartAsync(options, Task.FromResult(new Handler(services, handle)), cancellationToken);

    /// <summary>
    /// Builds the server while <paramref name="handler"/> is still being prepared (the two overlap: startup time is
    /// part of the contract), then starts listening once it is ready.
    /// </summary>
    public static async Task<StevedoreServer> StartAsync(ServerOptions options, Task<Handler> handler, CancellationToken cancellationToken = default)
    {
        // The empty builder: no configuration sources (the slim builder's appsettings.json reload watches the working
        // directory recursively), no logging providers, Kestrel without HTTPS. Startup time is part of the contract.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();

        // The host is a library here: whoever runs it (the CLI, a test) owns the process's signals. The default
        // console lifetime would swallow SIGINT/SIGTERM and only signal "stopping", which nothing here waits on.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.UseUrls($"http://{(options.Bind.Contains(':', StringComparison.Ordinal) ? $"[{options.Bind}]" : options.Bind)}:{options.Port}");
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Request header values are read as UTF-8 (Kestrel's default past ASCII; SDKs send UTF-8), so answers write
            // them back the same way: an S3 object's Content-Type "aé" returns the bytes it arrived as.
            kestrel.ResponseHeaderEncodingSelector = static _ => System.Text.Encoding.UTF8;
            kestrel.Limits.MaxRequestBodySize = MaxRequestBodySize;
        });
        var app = builder.Build();
        StevedoreServer server;
        try
        {
            var (services, handle) = await handler.ConfigureAwait(false);
            server = new StevedoreServer(app, options, services);
            app.Run(context => context.Request.Path.Equals("/_stevedore/health", StringComparison.Ordinal) && HttpMethods.IsGet(context.Request.Method)
                ? server.WriteHealthAsync(context)
                : handle(context));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        server.Endpoint = new Uri(addresses.First());
        return server;
    }

    /// <summary>What the server answers: the service names (for the health document) and the AWS request handler.</summary>
    public sealed record Handler(IReadOnlyList<string> Services, RequestDelegate Handle);

    /// <summary>The largest request body accepted (larger ones are answered 413 by Kestrel).</summary>
    internal const long MaxRequestBodySize = 64L * 1024 * 1024;

    /// <summary>How long stopping waits for in-flight requests before closing their connections.</summary>
    public static TimeSpan ShutdownTimeout { get; } = TimeSpan.FromSeconds(5);

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteHealthAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.Body);
        writer.WriteStartObject();
        writer.WriteString("status", "running");
        writer.WriteString("version", Version);
        writer.WriteNumber("uptimeSeconds", Math.Round(_uptime.Elapsed.TotalSeconds, 3));
        writer.WriteString("storage", Options.Ephemeral ? "memory" : Path.GetFullPath(Options.DataDirectory));
        writer.WriteStartArray("services");
        foreach (var service in Services)
        {
            writer.WriteStringValue(service);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A host lifetime that registers no signal handlers: starting and stopping are the owner's calls.</summary>
    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
