namespace Kairos.Samples.WebApp;

/// <summary>
/// Mails the team a digest of the day's signups from the run history. Declared for 08:00 UTC; appsettings.json moves
/// it to 07:30 Europe/Paris through <c>Kairos:Jobs:welcome.digest</c>, without a rebuild.
/// </summary>
[Job("welcome.digest", Description = "Mails the team how many welcomes went out in the last day")]
[CronTrigger("0 8 * * *")]
public sealed class SignupDigest(Mailer mailer) : IJob
{
    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var since = context.ScheduledUtc.AddDays(-1);
        var page = await context.Scheduler.GetRunsAsync(
            new RunQuery { JobId = SendWelcome.Id, Status = RunStatus.Succeeded, FromUtc = since, Limit = 1000 }, cancellationToken);
        mailer.Send("team@example.com", $"{page.Runs.Count} welcome(s) sent since {since:yyyy-MM-dd HH:mm} UTC");
    }
}
