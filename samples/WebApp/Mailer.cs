namespace Kairos.Samples.WebApp;

/// <summary>Stands in for the app's mail service: it logs what it would send, and refuses addresses at example.invalid.</summary>
public sealed partial class Mailer(ILogger<Mailer> logger)
{
    /// <summary>Sends (logs) one message.</summary>
    /// <param name="to">The address.</param>
    /// <param name="subject">The subject.</param>
    public void Send(string to, string subject)
    {
        if (to.EndsWith("@example.invalid", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"mail to '{to}' bounced: the domain example.invalid does not exist");
        }
        LogSent(logger, to, subject);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Mail to {To}: {Subject}")]
    private static partial void LogSent(ILogger logger, string to, string subject);
}
