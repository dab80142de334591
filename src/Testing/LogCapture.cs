using Microsoft.Extensions.Logging;

namespace Kairos.Testing;

/// <summary>The log lines of one test run, written by every logger of the run (thread-safe).</summary>
internal sealed class LogCapture
{
    private readonly List<LogLine> _lines = [];

    public void Add(LogLine line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }

    public IReadOnlyList<LogLine> Snapshot()
    {
        lock (_lines)
        {
            return [.. _lines];
        }
    }

    public ILogger Logger(string? category) => new CapturedLogger(this, category);

    private sealed class CapturedLogger(LogCapture capture, string? category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel != LogLevel.None)
            {
                capture.Add(new LogLine(logLevel, formatter(state, exception), exception) { Category = category });
            }
        }
    }
}
