using System.CommandLine;
using System.CommandLine.Invocation;

namespace Stevedore.Cli;

/// <summary>The <c>stevedore</c> command line.</summary>
public static class Program
{
    /// <summary>Exit code for a usage error, an unreadable file or a malformed input policy.</summary>
    public const int UsageError = 2;

    public static int Main(string[] args)
    {
        if (args is ["serve", ..])
        {
            InlineSocketCompletions();
        }

        return Run(args, Console.Out, Console.Error);
    }

    /// <summary>
    /// For <c>serve</c>: socket completions run on the socket engine's threads rather than hopping to the thread pool
    /// (Kestrel still runs each request on the pool), unless the variable is already set. The runtime reads it when its
    /// first socket engine starts, so it is set before anything opens a socket. At one connection this saved a hand-off
    /// per request: +7–26 % req/s in interleaved runs, 16 connections unchanged (docs/performance.md, sixth session).
    /// </summary>
    private static void InlineSocketCompletions()
    {
        const string Name = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        if (Environment.GetEnvironmentVariable(Name) is null)
        {
            Environment.SetEnvironmentVariable(Name, "1");
        }
    }

    /// <summary>Runs one command line in-process, writing to the given streams; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRootCommand();
        var parse = root.Parse(args);

        // System.CommandLine answers parse errors with exit 1; here 1 means "invalid" or "denied", so usage errors get 2.
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            foreach (var parseError in parse.Errors)
            {
                error.WriteLine($"error: {parseError.Message}");
            }

            error.WriteLine("Run 'stevedore --help' for usage.");
            return UsageError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (CliException e)
        {
            error.WriteLine($"error: {e.Message}");
            return UsageError;
        }
    }

    internal static RootCommand BuildRootCommand()
    {
        var policy = new Command("policy", "Validate IAM policies and simulate requests against them.")
        {
            PolicyValidateCommand.Create(),
            PolicySimulateCommand.Create(),
            PolicyGenerateCommand.Create(),
        };
        return new RootCommand("Stevedore: a local AWS for proving ECS task execution roles.")
        {
            ServeCommand.Create(), policy, CheckCommand.Create(), TasksTraceCommand.Create(), EcsAddInstanceCommand.Create(),
        };
    }
}

/// <summary>A usage or input error: reported on stderr with exit code 2.</summary>
public sealed class CliException(string message) : Exception(message);
