using System.Text.Json;
using Kairos;
using Microsoft.Extensions.Logging;

namespace Fixtures.Chaining;

/// <summary>
/// Chaining through the scheduler API: when it succeeds, it triggers <see cref="SecondJob"/> with data derived from its
/// own run (its input's n plus one, and its run id), and logs the new run's id.
/// </summary>
[Job("fixtures.chain-first")]
public sealed class FirstJob : IJob
{
    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        using var data = JsonDocument.Parse(context.DataJson ?? """{"n":0}""");
        var n = data.RootElement.GetProperty("n").GetInt32();
        var next = await context.Scheduler.TriggerAsync("fixtures.chain-second", $$"""{"n":{{n + 1}},"from":"{{context.RunId}}"}""", cancellationToken);
        context.Logger.LogInformation("chained {RunId}", next);
    }
}

/// <summary>The second link: logs the data it was given.</summary>
[Job("fixtures.chain-second")]
public sealed class SecondJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        context.Logger.LogInformation("second got {Data}", context.DataJson);
        return Task.CompletedTask;
    }
}
