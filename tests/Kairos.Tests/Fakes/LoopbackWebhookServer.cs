using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Kairos.Tests.Fakes;

/// <summary>
/// A real HTTP server on 127.0.0.1 (an <see cref="HttpListener"/> on a free port) that records each request and answers
/// with the next status of <see cref="Answers"/> (200 once they are used up).
/// </summary>
public sealed class LoopbackWebhookServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private readonly Task _loop;
    private int _count;

    public LoopbackWebhookServer()
    {
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>Statuses to answer, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<int> Answers { get; } = new();

    public int Count => Volatile.Read(ref _count);

    public Task<Received> NextAsync(int timeoutSeconds = 20) => _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(timeoutSeconds));

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            Interlocked.Increment(ref _count);
            context.Response.StatusCode = Answers.TryDequeue(out var status) ? status : 200;
            context.Response.Close();
            await _received.Writer.WriteAsync(new Received(context.Request.HttpMethod, body, headers));
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public sealed record Received(string Method, string Body, IReadOnlyDictionary<string, string> Headers);
}
