using System.Net.Sockets;
using System.Text;

namespace Stevedore.LoadGen;

/// <summary>
/// A minimal HTTP/1.1 keep-alive client over one socket, for the measured loop: it writes a request already serialized
/// (SigV4-signed, re-signed when the second changes) and reads one response (status line, headers, a body of
/// Content-Length bytes or chunked, or until close). It costs the client far less CPU per request than
/// <c>HttpClient</c>, which matters on a 2-core machine where client and server share the cores — the same role
/// <c>wrk</c> replaying a signed request would play. Reconnects when the server closes the connection.
/// </summary>
internal sealed class RawHttpConnection(string host, int port) : IDisposable
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private Socket? _socket;
    private int _start;
    private int _end;

    /// <summary>Sends <paramref name="request"/> and returns the response's status code (the body is read and dropped).</summary>
    public async Task<int> SendAsync(ReadOnlyMemory<byte> request)
    {
        for (var attempt = 0; ; attempt++)
        {
            var socket = _socket ??= await ConnectAsync().ConfigureAwait(false);
            try
            {
                await socket.SendAsync(request, SocketFlags.None).ConfigureAwait(false);
                var (status, keepAlive) = await ReadResponseAsync(socket).ConfigureAwait(false);
                if (!keepAlive)
                {
                    Close();
                }

                return status;
            }
            catch (IOException) when (attempt == 0 && _start == _end)
            {
                // The server closed an idle keep-alive connection before our request: one retry on a new one.
                Close();
            }
            catch (SocketException) when (attempt == 0)
            {
                Close();
            }
        }
    }

    public void Dispose() => Close();

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(host, port).ConfigureAwait(false);
        _start = _end = 0;
        return socket;
    }

    private void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    private async Task<(int Status, bool KeepAlive)> ReadResponseAsync(Socket socket)
    {
        // Status line and headers.
        int headerEnd;
        while ((headerEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
        {
            await FillAsync(socket).ConfigureAwait(false);
        }

        var head = Encoding.ASCII.GetString(_buffer, _start, headerEnd);
        _start += headerEnd + 4;
        var status = int.Parse(head.AsSpan(9, 3), System.Globalization.CultureInfo.InvariantCulture);
        long? length = null;
        bool chunked = false, close = head.StartsWith("HTTP/1.0", StringComparison.Ordinal);
        foreach (var line in head.Split("\r\n"))
        {
            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue;
            }

            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("content-length", StringComparison.OrdinalIgnoreCase))
            {
                length = long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("transfer-encoding", StringComparison.OrdinalIgnoreCase) && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
            else if (name.Equals("connection", StringComparison.OrdinalIgnoreCase))
            {
                close = value.Equals("close", StringComparison.OrdinalIgnoreCase);
            }
        }

        if (chunked)
        {
            await SkipChunkedAsync(socket).ConfigureAwait(false);
        }
        else if (length is { } n)
        {
            await SkipAsync(socket, n).ConfigureAwait(false);
        }
        else
        {
            // No length: the body ends when the server closes.
            while (await FillAsync(socket, allowEof: true).ConfigureAwait(false))
            {
                _start = _end;
            }

            return (status, false);
        }

        return (status, !close);
    }

    private async Task SkipAsync(Socket socket, long count)
    {
        while (count > 0)
        {
            if (_start == _end)
            {
                await FillAsync(socket).ConfigureAwait(false);
            }

            var take = (int)Math.Min(count, _end - _start);
            _start += take;
            count -= take;
        }
    }

    private async Task SkipChunkedAsync(Socket socket)
    {
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8)) < 0)
            {
                await FillAsync(socket).ConfigureAwait(false);
            }

            var sizeText = Encoding.ASCII.GetString(_buffer, _start, lineEnd).Split(';')[0].Trim();
            _start += lineEnd + 2;
            var size = Convert.ToInt64(sizeText, 16);
            await SkipAsync(socket, size + 2).ConfigureAwait(false); // the chunk and its CRLF (the last: the final CRLF)
            if (size == 0)
            {
                return;
            }
        }
    }

    /// <summary>Reads more bytes after the unread ones; false at end of stream when <paramref name="allowEof"/>.</summary>
    private async Task<bool> FillAsync(Socket socket, bool allowEof = false)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            throw new IOException("response header larger than the buffer");
        }

        var n = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None).ConfigureAwait(false);
        if (n == 0)
        {
            return allowEof ? false : throw new IOException("connection closed by the server");
        }

        _end += n;
        return true;
    }
}
