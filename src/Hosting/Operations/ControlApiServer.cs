using System.Net;
using System.Net.Sockets;
using System.Text;
using Kairos.Host.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Operations;

/// <summary>
/// The loopback control API the CLI talks to while a host holds the store (two processes must never open the
/// LiteDB file together). Routes: GET jobs, history, run/RUN, info; POST trigger/JOB (the body is the run's data),
/// pause/JOB, resume/JOB, remove/JOB. Every one calls the scheduler API (<see cref="KairosScheduler"/>, through
/// <see cref="KairosOperations"/>) acting for the CLI's user (<see cref="ControlEndpoint.ActorHeader"/>); invalid input
/// (<see cref="OperationException"/>, <see cref="ArgumentException"/>) is answered 400 with its message.
/// </summary>
internal sealed partial class ControlApiServer(
    KairosOperations operations,
    IOptions<KairosOptions> options,
    ILogger<ControlApiServer> logger) : BackgroundService
{
    private readonly KairosOptions _options = options.Value;
    private HttpListener? _listener;
    private ControlEndpoint? _endpoint;

    public override Task StartAsync(CancellationToken cancellationToken) =>
        _options.ControlApi ? base.StartAsync(cancellationToken) : Task.CompletedTask;

    public override void Dispose()
    {
        _listener?.Close();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the scheduler does not wait for the listener (sockets, HTTP, the token's random bytes).
        await Task.Yield();
        try
        {
            _endpoint = ControlEndpoint.Create(FreePort());
            _listener = new HttpListener();
            _listener.Prefixes.Add(_endpoint.Url);
            _listener.Start();
            _endpoint.Write(_options.DatabasePath);
            LogListening(logger, _endpoint.Url);
        }
        catch (Exception e) when (e is HttpListenerException or SocketException or IOException or UnauthorizedAccessException)
        {
            LogUnavailable(logger, e, ControlEndpoint.FileFor(_options.DatabasePath));
            return;
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                _ = Task.Run(() => Handle(context), CancellationToken.None);
            }
        }
        finally
        {
            _listener.Stop();
            File.Delete(ControlEndpoint.FileFor(_options.DatabasePath));
        }
    }

    private void Handle(HttpListenerContext context)
    {
        var response = context.Response;
        int status;
        string body;
        try
        {
            if (context.Request.Headers[ControlEndpoint.TokenHeader] != _endpoint!.Token)
            {
                (status, body) = (403, JsonOutput.Serialize(new { error = "missing or wrong control token" }));
            }
            else
            {
                (status, body) = (200, Route(context.Request));
            }
        }
        catch (Exception e) when (e is OperationException or ArgumentException)
        {
            (status, body) = (400, JsonOutput.Serialize(new { error = ErrorText.Of(e) }));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogRequestFailed(logger, e, context.Request.Url?.AbsolutePath ?? "?");
            (status, body) = (500, JsonOutput.Serialize(new { error = e.Message }));
        }
        var bytes = Encoding.UTF8.GetBytes(body);
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        response.OutputStream.Write(bytes);
        response.Close();
    }

    private string Route(HttpListenerRequest request)
    {
        var parts = request.Url!.AbsolutePath.Trim('/').Split('/', 2);
        var verb = parts[0];
        var arg = parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : null;
        var query = request.QueryString;
        var ops = operations.As(request.Headers[ControlEndpoint.ActorHeader] is { Length: > 0 } actor ? actor : "cli");
        return (request.HttpMethod, verb) switch
        {
            ("GET", "jobs") => JsonOutput.Serialize(ops.Jobs()),
            ("GET", "history") => JsonOutput.Serialize(ops.History(
                query["job"], query["status"], int.TryParse(query["limit"], out var limit) ? limit : 50, query["trigger"], query["from"], query["to"])),
            ("GET", "run") when arg is not null => JsonOutput.Serialize(ops.Run(arg)),
            ("GET", "info") => JsonOutput.Serialize(ops.Info()),
            ("POST", "trigger") when arg is not null => JsonOutput.Serialize(ops.Trigger(arg, Body(request))),
            ("POST", "pause") when arg is not null => Ok(() => ops.Pause(arg, query["reason"], query["until"])),
            ("POST", "resume") when arg is not null => Ok(() => ops.Resume(arg)),
            ("POST", "remove") when arg is not null => JsonOutput.Serialize(ops.Remove(arg, query["history"] ?? RemovalView.Keep)),
            _ => throw new OperationException($"unknown request {request.HttpMethod} /{string.Join('/', parts)}"),
        };
    }

    /// <summary>The request's body as text, or null when it has none.</summary>
    private static string? Body(HttpListenerRequest request)
    {
        if (!request.HasEntityBody)
        {
            return null;
        }
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Ok(Action action)
    {
        action();
        return JsonOutput.Serialize(new { ok = true });
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [LoggerMessage(EventId = 700, Level = LogLevel.Debug, Message = "Control API listening on {Url}")]
    private static partial void LogListening(ILogger logger, string url);

    [LoggerMessage(EventId = 702, Level = LogLevel.Error,
        Message = "Control API could not start; the scheduler runs on, but the CLI cannot reach this host (no {EndpointFile})")]
    private static partial void LogUnavailable(ILogger logger, Exception error, string endpointFile);

    [LoggerMessage(EventId = 701, Level = LogLevel.Error, Message = "Control API request {Path} failed")]
    private static partial void LogRequestFailed(ILogger logger, Exception error, string path);
}
