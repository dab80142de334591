using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kairos.IntegrationTests.Scripts.Fakes;

/// <summary>A logger provider that keeps every event (id and message) the host logs.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, LogLevel Level, string Message)> _events = new();

    public IReadOnlyList<(int EventId, LogLevel Level, string Message)> Events => [.. _events];

    public int Count(int eventId) => _events.Count(e => e.EventId == eventId);

    public ILogger CreateLogger(string categoryName) => new Logger(_events);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(int, LogLevel, string)> events) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            events.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
