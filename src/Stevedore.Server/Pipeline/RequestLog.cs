namespace Stevedore.Server.Pipeline;

/// <summary>One line per request: service, operation, principal, status, decision, milliseconds.</summary>
public sealed class RequestLog(TextWriter output)
{
    private readonly Lock _gate = new();

    public void Write(Entry entry)
    {
        var line = $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {entry.Service} {entry.Operation} {entry.Principal} {entry.Status} {entry.Decision ?? "-"} {entry.Milliseconds:0.0}ms";
        lock (_gate)
        {
            output.WriteLine(line);
            if (entry.Failure is not null)
            {
                output.WriteLine(entry.Failure);
            }
        }
    }

    public sealed class Entry
    {
        public string Service { get; set; } = "-";

        public string Operation { get; set; } = "-";

        public string Principal { get; set; } = "-";

        public int Status { get; set; }

        public string? Decision { get; set; }

        public double Milliseconds { get; set; }

        /// <summary>An unexpected exception (a Stevedore bug), logged in full.</summary>
        public string? Failure { get; set; }
    }
}
