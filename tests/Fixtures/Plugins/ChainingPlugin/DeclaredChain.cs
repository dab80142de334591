using Kairos;
using Microsoft.Extensions.Logging;

namespace Fixtures.Chaining;

/// <summary>
/// Chaining declared on the job: a success queues a run of the script job <c>scripts.publish</c>, a failure after the
/// last of two attempts one of <c>scripts.alert</c>. Fails when its data is <c>{"fail": true}</c>.
/// </summary>
[Job("fixtures.report", OnSuccess = "scripts.publish", OnFailure = "scripts.alert", MaxAttempts = 2, RetryBackoffSeconds = 0)]
public sealed class ReportJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        context.Logger.LogInformation("report attempt {Attempt}", context.Attempt);
        return context.DataJson?.Contains("\"fail\":true", StringComparison.Ordinal) == true
            ? throw new InvalidOperationException("report source unreachable")
            : Task.CompletedTask;
    }
}
