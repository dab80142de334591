using Microsoft.Extensions.Logging;

namespace Kairos.Web.Security;

/// <summary>The API's and dashboard's security events (ids 720-759). A token is never logged, only whether one came.</summary>
internal static partial class SecurityLog
{
    public static void Refused(ILogger logger, Refusal refusal, string method, string path, string remote, string actor)
    {
        switch (refusal.Kind)
        {
            case RefusalKind.NoAccess:
                NoAccess(logger, method, path, remote, refusal.Detail);
                break;
            case RefusalKind.ReadOnly:
                ReadOnly(logger, method, path, remote, actor);
                break;
            case RefusalKind.CrossSite:
                CrossSite(logger, method, path, remote, actor, refusal.Detail);
                break;
            default:
                ForeignHost(logger, method, path, remote, refusal.Detail);
                break;
        }
    }

    [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Remote}: {Why}")]
    private static partial void NoAccess(ILogger logger, string method, string path, string remote, string why);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Remote} ({Actor}): the read-only token reads, it does not change anything")]
    private static partial void ReadOnly(ILogger logger, string method, string path, string remote, string actor);

    [LoggerMessage(EventId = 722, Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Remote} ({Actor}): {Why}")]
    private static partial void CrossSite(ILogger logger, string method, string path, string remote, string actor, string why);

    [LoggerMessage(EventId = 723, Level = LogLevel.Warning, Message = "Refused {Method} {Path} from {Remote}: {Why}")]
    private static partial void ForeignHost(ILogger logger, string method, string path, string remote, string why);
}
