using Kairos;
using Microsoft.Extensions.Logging;

namespace KairosHost1;

/// <summary>
/// An app job: created for each run from the app's services (constructor injection), here with a logger. Its trigger
/// fires every 30 s, or as kairos.json says (Kairos:Jobs:kairoshost1.hello: every 5 s, the first 5 s after start).
/// </summary>
[Job(Id, Description = "Says hello from the app")]
[IntervalTrigger(30)]
public sealed class HelloJob(ILogger<HelloJob> logger) : IJob
{
    /// <summary>The job's id: what the store keeps. Never derive it from the type's name.</summary>
    public const string Id = "kairoshost1.hello";

    /// <inheritdoc />
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        logger.LogInformation("Hello from KairosHost1 (run {RunId}, fire due at {Due:u})", context.RunId, context.ScheduledUtc);
        return Task.CompletedTask;
    }
}
