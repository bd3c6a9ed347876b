using System.Text;
using System.Text.Json;
using Stevedore.Advisor;

namespace Stevedore.Cli;

/// <summary>Writes large reports straight to stdout as UTF-8 through one buffer (no intermediate string, no flush per line), or to another writer.</summary>
internal static class CheckOutput
{
    /// <summary>Console.Out flushes on every line: a table of 1,000 tasks was ~10 % of the run in write calls.</summary>
    public static void WriteText(TextWriter output, Action<TextWriter> write)
    {
        if (!ReferenceEquals(output, Console.Out))
        {
            write(output);
            return;
        }

        output.Flush();
        using var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 64 * 1024) { AutoFlush = false };
        write(stdout);
    }

    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> write)
    {
        var options = new JsonWriterOptions { Indented = true, Encoder = AdvisorJson.Indented.Encoder };
        if (ReferenceEquals(output, Console.Out))
        {
            output.Flush();
            using var stdout = new BufferedStream(Console.OpenStandardOutput(), 64 * 1024);
            using (var writer = new Utf8JsonWriter(stdout, options))
            {
                write(writer);
            }

            stdout.Write("\n"u8);
            return;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
