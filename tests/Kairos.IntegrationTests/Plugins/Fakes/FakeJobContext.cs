using Microsoft.Extensions.Logging;

namespace Kairos.IntegrationTests.Plugins.Fakes;

/// <summary>
/// The context the tests run plugin jobs with (the scheduler is not under test here). Fixture jobs that must stay in
/// flight await <see cref="IJobTriggers.ListAsync"/>: it signals <see cref="Started"/> and completes on <see cref="Release"/>.
/// </summary>
internal sealed class FakeJobContext : JobContext
{
    private readonly GateTriggers _triggers;

    public FakeJobContext(string jobId, bool gated = false, string triggerKey = "default", string? dataJson = null)
    {
        JobId = jobId;
        TriggerKey = triggerKey;
        DataJson = dataJson;
        _triggers = new GateTriggers(gated);
    }

    public RecordingLogger Log { get; } = new();

    public override string JobId { get; }

    public override string TriggerKey { get; }

    public override string RunId { get; } = Guid.NewGuid().ToString("N");

    public override DateTimeOffset ScheduledUtc { get; } = TimeProvider.System.GetUtcNow();

    public override DateTimeOffset StartedUtc => ScheduledUtc;

    [Obsolete("Use ScheduledUtc.")]
    public override DateTimeOffset ScheduledFireTimeUtc => ScheduledUtc;

    [Obsolete("Use StartedUtc.")]
    public override DateTimeOffset FireTimeUtc => StartedUtc;

    public override int Attempt => 1;

    public override string? DataJson { get; }

    public override ILogger Logger => Log;

    public override TimeProvider TimeProvider => TimeProvider.System;

    public override IJobTriggers Triggers => _triggers;

    /// <summary>Completes when the job reached its gate.</summary>
    public Task Started => _triggers.Started.Task;

    public void Release() => _triggers.Gate.TrySetResult([]);

    private sealed class GateTriggers : IJobTriggers
    {
        public GateTriggers(bool gated)
        {
            if (!gated)
            {
                Gate.TrySetResult([]);
            }
        }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<IReadOnlyList<TriggerSpec>> Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<IReadOnlyList<TriggerSpec>> ListAsync(CancellationToken cancellationToken)
        {
            Started.TrySetResult();
            return Gate.Task.WaitAsync(cancellationToken);
        }

        public Task UpsertAsync(TriggerSpec trigger, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> RemoveAsync(string key, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
