using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Stevedore.Server.Tests.Durability;

namespace Stevedore.Server.Tests.Serve;

/// <summary>
/// <c>stevedore serve</c> with an address it cannot use: exit 2 with the reason on stderr, never a stack trace, an abort
/// or a listener on every interface.
/// </summary>
public sealed class ServeArgumentsTests
{
    [Fact]
    public async Task A_port_already_in_use_is_refused_with_exit_2_and_the_reason()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var port = ((IPEndPoint)occupant.LocalEndpoint).Port;

        var (code, error) = await RunAsync("serve", "--ephemeral", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(2, code);
        Assert.Contains($"cannot listen on 127.0.0.1 port {port}: the address is already in use", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("70000")]
    [InlineData("-1")]
    public async Task A_port_outside_the_tcp_range_is_refused_with_exit_2(string port)
    {
        var (code, error) = await RunAsync("serve", "--ephemeral", "--port", port);

        Assert.Equal(2, code);
        Assert.Contains($"--port {port} is not a TCP port", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("999.1.1.1")]
    [InlineData("stevedore.invalid")]
    [InlineData("127.0.0.1:80")]
    [InlineData("[::1]:9999")]
    public async Task A_bind_address_that_is_not_an_ip_address_is_refused_rather_than_listening_everywhere(string bind)
    {
        var (code, error) = await RunAsync("serve", "--ephemeral", "--port", "0", "--bind", bind);

        Assert.Equal(2, code);
        Assert.Contains($"--bind '{bind}' is not an IP address", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Localhost_with_port_0_is_refused_since_kestrel_cannot_pick_one_port_for_both_loopbacks()
    {
        var (code, error) = await RunAsync("serve", "--ephemeral", "--port", "0", "--bind", "localhost");

        Assert.Equal(2, code);
        Assert.Contains("--port 0 needs an IP address for --bind", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bracketed_ipv6_address_listens_on_that_address_only()
    {
        if (!Socket.OSSupportsIPv6)
        {
            return;
        }

        var start = new ProcessStartInfo(ServerCrashTests.Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "serve", "--ephemeral", "--port", "0", "--bind", "[::1]" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        try
        {
            var first = process.StandardOutput.ReadLine();
            Assert.Matches(@"listening on http://\[::1\]:\d+$", first ?? process.StandardError.ReadToEnd());
        }
        finally
        {
            process.Kill();
            process.WaitForExit();
        }
    }

    [Fact]
    public async Task An_address_this_machine_does_not_have_is_refused_with_exit_2()
    {
        if (File.Exists("/proc/sys/net/ipv4/ip_nonlocal_bind") && File.ReadAllText("/proc/sys/net/ipv4/ip_nonlocal_bind").Trim() == "1")
        {
            return; // this host lets a socket bind an address it does not have: nothing to refuse
        }

        // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a host, so binding to it fails.
        var (code, error) = await RunAsync("serve", "--ephemeral", "--port", "0", "--bind", "192.0.2.1");

        Assert.Equal(2, code);
        Assert.Contains("cannot listen on 192.0.2.1 port 0: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(ServerCrashTests.Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            await output;
            return (process.ExitCode, error);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"stevedore {string.Join(' ', args)} kept running (it should have refused the address)");
        }
    }
}
