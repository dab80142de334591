using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kairos.IntegrationTests.Plugins.Fakes;

/// <summary>Keeps every formatted log line (category, level, event id, text) for assertions; strings only.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogLine> Lines { get; } = new();

    /// <summary>Raised on the logging thread as each line is written: a handler sees the state the line reports.</summary>
    public event Action<LogLine>? Logged;

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(categoryName, Lines, line => Logged?.Invoke(line));

    public IReadOnlyList<LogLine> Where(Func<LogLine, bool> predicate) => [.. Lines.Where(predicate)];

    public void Dispose()
    {
    }
}

internal sealed record LogLine(string Category, LogLevel Level, int EventId, string Message);

internal sealed class RecordingLogger(string category, ConcurrentQueue<LogLine> lines, Action<LogLine>? logged = null) : ILogger
{
    public RecordingLogger()
        : this("job", new ConcurrentQueue<LogLine>())
    {
    }

    public IReadOnlyList<string> Messages => [.. lines.Select(l => l.Message)];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var line = new LogLine(category, logLevel, eventId.Id, formatter(state, exception));
        lines.Enqueue(line);
        logged?.Invoke(line);
    }
}
