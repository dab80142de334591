using System.Text.Json;
using Kairos;
using Microsoft.Extensions.Logging;

namespace KairosPlugin1;

/// <summary>Says hello to the name in its data: replace the body with the job's real work.</summary>
[Job(Id, Description = "Says hello to the name in its data", TimeoutSeconds = 60)]
[CronTrigger("*/5 * * * *")]
public sealed class HelloJob : IJob
{
    /// <summary>The job's id: what the store keeps. Never derive it from the type's name.</summary>
    public const string Id = "kairosplugin1.hello";

    /// <inheritdoc />
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        var name = "world";
        if (context.DataJson is { Length: > 0 } data)
        {
            using var document = JsonDocument.Parse(data);
            if (document.RootElement.TryGetProperty("name", out var value) && value.GetString() is { } given)
            {
                name = given;
            }
        }
        // Honour cancellationToken (timeout, shutdown, a new version deployed) and use context.TimeProvider, not the
        // wall clock: tests run the job on a fake one.
        cancellationToken.ThrowIfCancellationRequested();
        context.Logger.LogInformation("Hello, {Name}, from KairosPlugin1 (fire due at {Due:u})", name, context.ScheduledUtc);
        return Task.CompletedTask;
    }
}
