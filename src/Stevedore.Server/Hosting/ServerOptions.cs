namespace Stevedore.Server.Hosting;

/// <summary>How `stevedore serve` was asked to run.</summary>
/// <param name="DataDirectory">Where the SQLite file and the optional stevedore.json live.</param>
/// <param name="Ephemeral">Keep state in memory only.</param>
/// <param name="ConfigPath">An explicit accounts file; defaults to stevedore.json in the data directory.</param>
public sealed record ServerOptions(
    string Bind = "127.0.0.1",
    int Port = 4566,
    string DataDirectory = ".stevedore",
    bool Ephemeral = false,
    string? ConfigPath = null)
{
    public string EndpointUrl => $"http://{(Bind.Contains(':', StringComparison.Ordinal) ? $"[{Bind}]" : Bind)}:{Port}";
}
