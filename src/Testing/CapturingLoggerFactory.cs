using Microsoft.Extensions.Logging;

namespace Kairos.Testing;

/// <summary>The logger factory a plugin's startup gets in a test: its loggers write into the run's captured lines.</summary>
internal sealed class CapturingLoggerFactory(LogCapture capture) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => capture.Logger(categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("A plugin cannot add logging providers to the host; its log lines go to the host's providers.");

    public void Dispose()
    {
        // The test context owns the captured lines.
    }
}
