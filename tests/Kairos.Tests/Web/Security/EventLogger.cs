using Microsoft.Extensions.Logging;

namespace Kairos.Tests.Web.Security;

/// <summary>Keeps each event logged through it: its id, level and formatted message.</summary>
internal sealed class EventLogger<T> : ILogger<T>
{
    private readonly List<(int Id, LogLevel Level, string Message)> _events = [];

    public IReadOnlyList<(int Id, LogLevel Level, string Message)> Events
    {
        get { lock (_events) { return [.. _events]; } }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_events)
        {
            _events.Add((eventId.Id, logLevel, formatter(state, exception)));
        }
    }
}
