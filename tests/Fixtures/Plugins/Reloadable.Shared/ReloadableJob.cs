using Kairos;
using Microsoft.Extensions.Logging;

namespace Fixtures.Reloadable;

/// <summary>
/// Logs which build runs it, then waits for the test's go (the fake context's trigger list) before it finishes,
/// so a test can keep a run of one version in flight while it deploys the other.
/// </summary>
[Job("fixtures.reloadable")]
[IntervalTrigger(60)]
public sealed class ReloadableJob : IJob
{
#if V2
    public const string Build = "v2";
#else
    public const string Build = "v1";
#endif

    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        context.Logger.LogInformation("started {Build}", Build);
        await context.Triggers.ListAsync(cancellationToken);
        context.Logger.LogInformation("finished {Build}", Build);
    }
}
