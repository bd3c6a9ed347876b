using System.Threading.Channels;

namespace Stevedore.Server.Pipeline;

/// <summary>
/// One line per request: service, operation, principal, status, decision, milliseconds. Lines are formatted and
/// written by one background task, in order and in batches, so a request never waits for the console (a synchronized
/// writer and a system call per line cost a tenth of a request's time under load); <see cref="FlushAsync"/> waits
/// until every line logged so far has been written, <see cref="DisposeAsync"/> drains the queue.
/// </summary>
public sealed class RequestLog : IAsyncDisposable
{
    private readonly TextWriter _output;
    private readonly Channel<object> _queue = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public RequestLog(TextWriter output)
    {
        _output = output;
        _writer = Task.Run(WriteLinesAsync);
    }

    public void Write(Entry entry)
    {
        entry.At = DateTimeOffset.UtcNow;
        if (!_queue.Writer.TryWrite(entry))
        {
            // After disposal (a request that outlived the server): written inline, in whatever order.
            WriteLine(entry);
        }
    }

    /// <summary>Completes when every line logged before the call has been written to the output.</summary>
    public Task FlushAsync()
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _queue.Writer.TryWrite(written) ? written.Task : Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private async Task WriteLinesAsync()
    {
        var reader = _queue.Reader;
        var batch = new System.Text.StringBuilder();
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            // Under load, gather what arrives in the next few milliseconds and write it at once: one wake-up and one
            // system call per batch rather than per request. An idle server logs its next line at once.
            await Task.Delay(BatchDelay).ConfigureAwait(false);
            List<TaskCompletionSource>? flushed = null;
            while (reader.TryRead(out var item))
            {
                if (item is TaskCompletionSource waiter)
                {
                    (flushed ??= []).Add(waiter);
                }
                else
                {
                    Append(batch, (Entry)item);
                }
            }

            Output(batch.ToString());
            batch.Clear();
            flushed?.ForEach(waiter => waiter.TrySetResult());
        }
    }

    private static readonly TimeSpan BatchDelay = TimeSpan.FromMilliseconds(5);

    private static void Append(System.Text.StringBuilder batch, Entry entry)
    {
        batch.Append(System.Globalization.CultureInfo.InvariantCulture,
            $"{entry.At:HH:mm:ss.fff} {entry.Service} {entry.Operation} {entry.Principal} {entry.Status} {entry.Decision ?? "-"} {entry.Milliseconds:0.0}ms");
        batch.Append('\n');
        if (entry.Failure is not null)
        {
            batch.Append(entry.Failure).Append('\n');
        }
    }

    private void WriteLine(Entry entry)
    {
        var line = new System.Text.StringBuilder();
        Append(line, entry);
        Output(line.ToString());
    }

    private void Output(string lines)
    {
        try
        {
            _output.Write(lines);
            _output.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The output is gone (a closed console): the requests were answered; their lines are lost.
        }
    }

    public sealed class Entry
    {
        public DateTimeOffset At { get; set; }

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
