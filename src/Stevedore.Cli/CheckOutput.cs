using System.Text;
using System.Text.Json;
using Stevedore.Advisor;

namespace Stevedore.Cli;

/// <summary>Writes a large JSON report straight to stdout as UTF-8 (no intermediate string), or to another writer.</summary>
internal static class CheckOutput
{
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
