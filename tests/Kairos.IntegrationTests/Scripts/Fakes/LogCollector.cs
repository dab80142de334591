using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kairos.IntegrationTests.Scripts.Fakes;

/// <summary>A logger provider that keeps every event (id, category, message) and lets tests wait for one.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEvent> _events = new();
    private readonly List<(Func<LogEvent, bool> Predicate, TaskCompletionSource<LogEvent> Done)> _waiters = [];

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public int Count(int eventId) => _events.Count(e => e.EventId == eventId);

    /// <summary>Completes with the first event (already logged or future) that matches.</summary>
    public Task<LogEvent> WaitForAsync(Func<LogEvent, bool> predicate, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<LogEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_events.FirstOrDefault(predicate) is { } seen)
            {
                return Task.FromResult(seen);
            }
            _waiters.Add((predicate, done));
        }
        return done.Task.WaitAsync(timeout);
    }

    /// <summary>
    /// Completes with what <paramref name="read"/> returned as the first event matching <paramref name="predicate"/>
    /// was written: the predicate runs on the logging thread, so that is the state the log line reports. Start it before
    /// the change that logs the event (an event logged already is read on the caller's thread, later).
    /// </summary>
    public async Task<T> ReadWhenLoggedAsync<T>(Func<LogEvent, bool> predicate, Func<T> read, TimeSpan timeout)
    {
        var seen = default(T);
        Exception? failed = null;
        await WaitForAsync(e =>
        {
            if (!predicate(e))
            {
                return false;
            }
            try
            {
                seen = read();
            }
            catch (Exception error)
            {
                failed = error; // never thrown into the code that logs
            }
            return true;
        }, timeout);
        return failed is null ? seen! : throw new InvalidOperationException("reading the state as the event was written failed", failed);
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogEvent entry)
    {
        lock (_waiters)
        {
            _events.Enqueue(entry);
            foreach (var waiter in _waiters.Where(w => w.Predicate(entry)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult(entry);
            }
        }
    }

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new LogEvent(eventId.Id, logLevel, category, formatter(state, exception)));
    }
}

internal sealed record LogEvent(int EventId, LogLevel Level, string Category, string Message);
