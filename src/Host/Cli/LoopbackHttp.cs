using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Kairos.Host.Cli;

/// <summary>
/// One HTTP/1.1 exchange with a host on this machine over a blocking socket (<c>Connection: close</c>, the body read to
/// the end): the CLI's way to a running host's control API. A CLI verb makes one or two calls, so the start-up cost of
/// <see cref="HttpClient"/> (System.Net.Http, Security and Cryptography loaded, a few hundred methods compiled, the
/// socket event loop started) was most of a verb's time; this path loads System.Net.Sockets only.
/// </summary>
internal sealed class LoopbackHttp(IPEndPoint endPoint, string authority, IReadOnlyList<(string Name, string Value)> headers, TimeSpan timeout)
{
    /// <summary>The exchange for <paramref name="url"/> when it can be made this way (plain <c>http</c> to an IP address or <c>localhost</c>); else null.</summary>
    public static LoopbackHttp? For(Uri url, IReadOnlyList<(string Name, string Value)> headers, TimeSpan timeout)
    {
        if (url.Scheme != Uri.UriSchemeHttp)
        {
            return null;
        }
        var address = url.IsLoopback && url.HostNameType == UriHostNameType.Dns ? IPAddress.Loopback
            : IPAddress.TryParse(url.IdnHost, out var ip) ? ip : null;
        return address is null ? null : new LoopbackHttp(new IPEndPoint(address, url.Port), url.Authority, headers, timeout);
    }

    /// <summary>Sends the request and reads the whole answer.</summary>
    /// <exception cref="HttpRequestException">The host did not answer (refused, reset, timed out) or answered no HTTP.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public LoopbackResponse Send(string method, string pathAndQuery, string? jsonContent, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var milliseconds = (int)timeout.TotalMilliseconds;
        using var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true, SendTimeout = milliseconds, ReceiveTimeout = milliseconds,
        };
        // A blocking call sees no token: cancelling closes the socket under it.
        using var registration = cancellationToken.Register(socket.Dispose);
        try
        {
            socket.Connect(endPoint);
            socket.Send(Request(method, pathAndQuery, jsonContent));
            return Parse(ReadToEnd(socket));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reason = e is SocketException { SocketErrorCode: SocketError.TimedOut }
                ? $"no answer within {timeout.TotalSeconds:0} s"
                : e.Message;
            throw Failure($"{reason} ({endPoint})", e);
        }
    }

    private byte[] Request(string method, string pathAndQuery, string? jsonContent)
    {
        var body = jsonContent is null ? [] : Encoding.UTF8.GetBytes(jsonContent);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {pathAndQuery} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }
        if (jsonContent is not null)
        {
            head.Append("Content-Type: application/json; charset=utf-8\r\n");
        }
        if (jsonContent is not null || method != "GET")
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }
        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var request = new byte[headBytes.Length + body.Length];
        headBytes.CopyTo(request, 0);
        body.CopyTo(request, headBytes.Length);
        return request;
    }

    private static byte[] ReadToEnd(Socket socket)
    {
        using var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = socket.Receive(buffer)) > 0)
        {
            answer.Write(buffer, 0, read);
        }
        return answer.ToArray();
    }

    /// <summary>The status line, the headers that frame the body (<c>Content-Length</c>, chunked transfer coding), and the body as UTF-8.</summary>
    internal static LoopbackResponse Parse(byte[] answer)
    {
        var end = answer.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw Failure($"the answer is not HTTP ({answer.Length} bytes, no end of headers)");
        }
        var lines = Encoding.ASCII.GetString(answer, 0, end).Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw Failure($"the answer is not HTTP: '{lines[0]}'");
        }
        var chunked = false;
        int? length = null;
        foreach (var line in lines.AsSpan(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            var name = line.AsSpan(0, colon).Trim();
            var value = line.AsSpan(colon + 1).Trim();
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                length = n;
            }
        }
        var start = end + 4;
        var body = chunked ? Dechunk(answer, start)
            : answer.AsSpan(start, Math.Min(length ?? int.MaxValue, answer.Length - start)).ToArray();
        return new LoopbackResponse(code, status.Length > 2 ? status[2] : "", Encoding.UTF8.GetString(body));
    }

    /// <summary>
    /// The failure of an exchange, made in a method of its own: naming the type in the exchange's code loaded
    /// System.Net.Http (and System.Diagnostics.DiagnosticSource) for every verb, though a host that answers never fails.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static HttpRequestException Failure(string message, Exception? inner = null) => new(message, inner);

    private static byte[] Dechunk(byte[] answer, int at)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var lineEnd = answer.AsSpan(at).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                throw Failure("the answer's chunked body ends early");
            }
            var sizeText = Encoding.ASCII.GetString(answer, at, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0
                || at + lineEnd + 2 + size > answer.Length)
            {
                throw Failure($"the answer's chunked body is damaged (chunk size '{sizeText}')");
            }
            if (size == 0)
            {
                return body.ToArray();
            }
            body.Write(answer, at + lineEnd + 2, size);
            at += lineEnd + 2 + size + 2;
        }
    }
}

/// <summary>An HTTP answer: status code, reason phrase and body text.</summary>
internal readonly record struct LoopbackResponse(int Status, string Reason, string Body)
{
    public bool IsSuccess => Status is >= 200 and <= 299;
}
