using Microsoft.Extensions.Logging;

namespace Kairos.Host.Sources;

/// <summary>Log messages shared by the plugin and script sources; event ids 900-999 are reserved for them.</summary>
internal static partial class SourceLog
{
    [LoggerMessage(EventId = 900, Level = LogLevel.Error, Message = "A path of the {Kind}s is writable by other users: {Reason}")]
    public static partial void PathUntrusted(ILogger logger, string kind, string reason);

    [LoggerMessage(EventId = 901, Level = LogLevel.Information, Message = "{Path} is no longer writable by other users: {Kind}s load from there again")]
    public static partial void PathTrustedAgain(ILogger logger, string path, string kind);
}
