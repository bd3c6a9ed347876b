using System.Diagnostics;

namespace Stevedore.Cli;

/// <summary>
/// A progress bar on stderr while <c>check</c> reads a large folder: only when stderr is a terminal (never in a pipe,
/// a file or CI logs), only for <see cref="Threshold"/> inputs or more, redrawn at most every 100 ms, erased at the end.
/// </summary>
internal sealed class CheckProgress : IDisposable
{
    public const int Threshold = 50;
    private const int Width = 30;
    private readonly TextWriter? _error;
    private readonly int _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done;
    private long _drawnAt = -1;

    private CheckProgress(TextWriter? error, int total)
    {
        _error = error;
        _total = total;
    }

    public static CheckProgress Start(TextWriter error, int total) =>
        new(total >= Threshold && ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected ? error : null, total);

    public void Advance()
    {
        _done++;
        if (_error is null || (_clock.ElapsedMilliseconds - _drawnAt < 100 && _done < _total))
        {
            return;
        }

        _drawnAt = _clock.ElapsedMilliseconds;
        var filled = _done * Width / _total;
        _error.Write($"\rchecking [{new string('#', filled)}{new string('.', Width - filled)}] {_done}/{_total}");
        _error.Flush();
    }

    public void Dispose()
    {
        if (_error is not null && _drawnAt >= 0)
        {
            _error.Write($"\r{new string(' ', Width + 30)}\r");
            _error.Flush();
        }
    }
}
