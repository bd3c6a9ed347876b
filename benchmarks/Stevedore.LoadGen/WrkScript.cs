using System.Text;

namespace Stevedore.LoadGen;

/// <summary>A signed HTTP/1.1 request (as the raw client sends it) as a wrk Lua script that replays it.</summary>
internal static class WrkScript
{
    public static string For(byte[] request)
    {
        var text = Encoding.UTF8.GetString(request);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = text[..split].Split("\r\n");
        var body = text[(split + 4)..];
        var requestLine = head[0].Split(' ');
        var lua = new StringBuilder()
            .Append("wrk.method = ").Append(Quote(requestLine[0])).Append('\n')
            .Append("wrk.path = ").Append(Quote(requestLine[1])).Append('\n');
        foreach (var line in head.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon]; // a token: no quotes or backslashes
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue; // wrk adds it for the body
            }

            lua.Append("wrk.headers[\"").Append(name).Append("\"] = ").Append(Quote(line[(colon + 1)..].Trim())).Append('\n');
        }

        if (body.Length > 0)
        {
            lua.Append("wrk.body = ").Append(Quote(body)).Append('\n');
        }

        return lua.ToString();
    }

    /// <summary>A Lua long string: no escapes inside, so the bytes are the signed ones.</summary>
    private static string Quote(string value)
    {
        var level = "";
        while (value.Contains("]" + level + "]", StringComparison.Ordinal))
        {
            level += "=";
        }

        return "[" + level + "[" + value + "]" + level + "]";
    }
}
