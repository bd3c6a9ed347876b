namespace Stevedore.Server.Tests.Serve;

/// <summary>Every command that talks to a running Stevedore refuses an <c>--endpoint</c> that is not an http(s) URL with exit 2.</summary>
public sealed class EndpointOptionTests
{
    [Theory]
    [InlineData("tasks", "trace", "some-task", "--endpoint", "not-a-url")]
    [InlineData("tasks", "trace", "some-task", "--endpoint", "ftp://127.0.0.1:4566")]
    [InlineData("ecs", "add-instance", "--cluster", "c", "--endpoint", "not-a-url")]
    [InlineData("ecs", "add-instance", "--cluster", "c", "--endpoint", "127.0.0.1:4566")]
    public void A_malformed_endpoint_is_a_usage_error_not_a_crash(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = Stevedore.Cli.Program.Run(args, output, error);

        Assert.Equal(2, exit);
        Assert.StartsWith($"error: the endpoint must be an http(s) URL, got \"{args[^1]}\"", error.ToString(), StringComparison.Ordinal);
    }
}
