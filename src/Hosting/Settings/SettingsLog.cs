using Microsoft.Extensions.Logging;

namespace Kairos.Host.Settings;

internal static partial class SettingsLog
{
    [LoggerMessage(EventId = 120, Level = LogLevel.Warning, Message = "Settings: {Problem}")]
    public static partial void UnknownSetting(ILogger logger, string problem);
}
