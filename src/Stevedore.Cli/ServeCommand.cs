using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Connections;
using Stevedore.Server.Hosting;

namespace Stevedore.Cli;

/// <summary><c>stevedore serve</c>: the AWS endpoint on 127.0.0.1:4566 until Ctrl-C or SIGTERM (both exit 0).</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "TCP port to listen on.", DefaultValueFactory = _ => 4566 };
        var bind = new Option<string>("--bind") { Description = "Address to bind.", DefaultValueFactory = _ => "127.0.0.1" };
        var dataDir = new Option<string>("--data-dir") { Description = "Where state is kept (SQLite file, stevedore.json).", DefaultValueFactory = _ => ".stevedore" };
        var ephemeral = new Option<bool>("--ephemeral") { Description = "Keep state in memory only." };
        var config = new Option<string?>("--config") { Description = "Accounts file (default: stevedore.json in the data directory)." };
        var command = new Command("serve", "Run the AWS-compatible endpoint.") { port, bind, dataDir, ephemeral, config };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new ServerOptions(CheckAddress(parse.GetValue(bind)!, parse.GetValue(port)), parse.GetValue(port),
                parse.GetValue(dataDir)!, parse.GetValue(ephemeral), parse.GetValue(config));
            var output = parse.InvocationConfiguration.Output;
            if (!options.Ephemeral)
            {
                Directory.CreateDirectory(options.DataDirectory);
            }

            CloudComposition started;
            try
            {
                started = await CloudComposition.StartAsync(options, output, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Stevedore.Storage.Sqlite.StoreInUseException inUse)
            {
                throw new CliException(inUse.Message);
            }
            catch (IOException bindFailed) when (bindFailed.InnerException is AddressInUseException)
            {
                throw new CliException($"cannot listen on {options.Bind} port {options.Port}: the address is already in use (another server on that port? choose one with --port)");
            }
            catch (Exception bindFailed) when ((bindFailed as SocketException ?? bindFailed.InnerException as SocketException) is { } socket)
            {
                // An address this machine does not have ("Cannot assign requested address"), a privileged port, …
                throw new CliException($"cannot listen on {options.Bind} port {options.Port}: {socket.Message}");
            }

            await using var cloud = started;
            output.WriteLine($"Stevedore {StevedoreServer.Version} listening on {cloud.Server.Endpoint.ToString().TrimEnd('/')}");
            output.WriteLine($"State: {(options.Ephemeral ? "in memory (--ephemeral)" : Path.GetFullPath(Path.Combine(options.DataDirectory, "stevedore.db")))}");
            foreach (var account in cloud.Accounts.Accounts)
            {
                output.WriteLine($"Account {account.Id}: AWS_ACCESS_KEY_ID={account.AccessKeyId} AWS_SECRET_ACCESS_KEY={account.SecretAccessKey}");
            }

            output.WriteLine($"Try: aws --endpoint-url {cloud.Server.Endpoint.ToString().TrimEnd('/')} sts get-caller-identity   (Ctrl-C stops)");
            await WaitForStopSignalAsync(cancellationToken).ConfigureAwait(false);
            output.WriteLine("Stopping.");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Refuses a port outside 0–65535 and a bind address that is not an IP address (or <c>localhost</c>): Kestrel
    /// would crash on the first and, given a host name it cannot parse, listen on every interface.
    /// </summary>
    /// <returns>The address in its plain form (<c>[::1]</c> becomes <c>::1</c>; the server adds the brackets).</returns>
    private static string CheckAddress(string bind, int port)
    {
        if (port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            throw new CliException($"--port {port} is not a TCP port (0-65535; 0 picks a free one)");
        }

        if (string.Equals(bind, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel binds localhost to both loopback addresses, so it cannot pick one free port for them.
            return port != 0 ? bind : throw new CliException("--port 0 needs an IP address for --bind (127.0.0.1 or ::1), not localhost");
        }

        // IPAddress.TryParse also takes "[::1]:80" and drops the port: only a bare address (or a bracketed IPv6 one) will do.
        var bare = bind.StartsWith('[') && bind.EndsWith(']') ? bind[1..^1] : bind;
        if (bare.Contains('[', StringComparison.Ordinal) || bare.Contains(']', StringComparison.Ordinal) || !IPAddress.TryParse(bare, out var address) ||
            (address.AddressFamily == AddressFamily.InterNetwork && bare.Contains(':', StringComparison.Ordinal)))
        {
            throw new CliException($"--bind '{bind}' is not an IP address (127.0.0.1, ::1, or localhost)");
        }

        return address.ToString();
    }

    /// <summary>
    /// Completes on SIGINT or SIGTERM (handled, so the runtime does not end the process before the store is
    /// closed) or when the invocation is cancelled.
    /// </summary>
    private static async Task WaitForStopSignalAsync(CancellationToken cancellationToken)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var cancelled = cancellationToken.Register(() => stop.TrySetResult());
        await stop.Task.ConfigureAwait(false);
    }
}
