using Microsoft.Extensions.Logging;

namespace Kairos.Testing;

/// <summary>One line a job logged during a test run.</summary>
/// <param name="Level">The line's level.</param>
/// <param name="Message">The formatted message (without the exception).</param>
/// <param name="Exception">The exception logged with the line, or <see langword="null"/>.</param>
public sealed record LogLine(LogLevel Level, string Message, Exception? Exception)
{
    /// <summary>
    /// The logger's category: <see langword="null"/> for <see cref="JobContext.Logger"/>, the category name for a logger
    /// made by the plugin's own services (its <see cref="PluginStartupContext.LoggerFactory"/>).
    /// </summary>
    public string? Category { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Exception is null ? $"{Level}: {Message}" : $"{Level}: {Message} ({Exception.GetType().Name}: {Exception.Message})";
}
