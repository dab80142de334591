using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Testing;

/// <summary>
/// A <see cref="JobContext"/> for a test: set what the run is with an object initializer, pass it to
/// <see cref="JobRunner"/>, then read what the job did: <see cref="Logs"/>, <see cref="TriggerChanges"/> and
/// <see cref="SchedulerCalls"/>. Its clock is a <see cref="FakeTimeProvider"/> the test moves; <see cref="Cancel"/>
/// cancels the run's token as the host does when it stops a run.
/// </summary>
/// <example>
/// <code>
/// var context = new TestJobContext { DataJson = """{"day":"2024-05-01"}""" };
/// var result = await JobRunner.RunAsync&lt;CollectJob&gt;(context);
/// Assert.Equal(RunStatus.Succeeded, result.Status);
/// Assert.Contains(context.SchedulerCalls, c =&gt; c.Method == "TriggerAsync" &amp;&amp; c.JobId == "reports.publish");
/// </code>
/// </example>
[SuppressMessage("Design", "CA1001", Justification = "Its CancellationTokenSource has no timer and no registration of its own to free: nothing to dispose.")]
public sealed class TestJobContext : TestJobContextBase
{
    private readonly LogCapture _logs = new();
    private readonly CancellationTokenSource _cancellation = new();
    private readonly Lock _gate = new();
    private RecordingJobTriggers? _triggers;
    private RecordingScheduler? _scheduler;
    private DateTimeOffset? _startedUtc;

    /// <summary>The job id. Default: <c>test.job</c> (<see cref="JobRunner"/> uses the job's <see cref="JobAttribute.Id"/> when it makes the context).</summary>
    public new string JobId { get => JobIdCore; init => JobIdCore = value; }

    /// <summary>The key of the trigger that fired. Default: <c>default</c>.</summary>
    public new string TriggerKey { get => TriggerKeyCore; init => TriggerKeyCore = value; }

    /// <summary>The run id. Default: <c>test-run</c>.</summary>
    public new string RunId { get => RunIdCore; init => RunIdCore = value; }

    /// <summary>The trigger's data as a JSON text. Default: <see langword="null"/>.</summary>
    public new string? DataJson { get => DataJsonCore; init => DataJsonCore = value; }

    /// <summary>The attempt number. Default: 1.</summary>
    public new int Attempt { get => AttemptCore; init => AttemptCore = value; }

    /// <summary>The instant the trigger was due. Default: <see cref="StartedUtc"/>.</summary>
    public new DateTimeOffset ScheduledUtc { get => ScheduledUtcCore ?? StartedUtc; init => ScheduledUtcCore = value; }

    /// <summary>The instant the run started on <see cref="Clock"/> (set by <see cref="JobRunner"/>); before that, the clock's now.</summary>
    public override DateTimeOffset StartedUtc => _startedUtc ?? Clock.GetUtcNow();

    /// <inheritdoc/>
    [Obsolete("Use ScheduledUtc.")]
    public override DateTimeOffset ScheduledFireTimeUtc => ScheduledUtc;

    /// <inheritdoc/>
    [Obsolete("Use StartedUtc.")]
    public override DateTimeOffset FireTimeUtc => StartedUtc;

    /// <summary>
    /// The test's clock, what <see cref="TimeProvider"/> returns: move it with <see cref="FakeTimeProvider.Advance"/>.
    /// Default: a new <see cref="FakeTimeProvider"/> (its start is 2000-01-01 UTC).
    /// </summary>
    public FakeTimeProvider Clock { get; init; } = new();

    /// <inheritdoc/>
    public override TimeProvider TimeProvider => Clock;

    /// <summary>A logger whose lines are kept in <see cref="Logs"/>.</summary>
    public override ILogger Logger => _logs.Logger(null);

    /// <summary>Every line logged so far, by <see cref="Logger"/> and by loggers of the plugin's startup services.</summary>
    public IReadOnlyList<LogLine> Logs => _logs.Snapshot();

    /// <summary>The job's triggers before the run, what <see cref="IJobTriggers.ListAsync"/> starts from. Default: none.</summary>
    public IReadOnlyList<TriggerSpec> ExistingTriggers { get; init; } = [];

    /// <summary>The job's triggers, kept in memory and validated as the host validates them; changes go to <see cref="TriggerChanges"/>.</summary>
    public override IJobTriggers Triggers
    {
        get
        {
            lock (_gate)
            {
                return _triggers ??= new RecordingJobTriggers(JobId, ExistingTriggers);
            }
        }
    }

    /// <summary>The changes the job made to its triggers, in order.</summary>
    public IReadOnlyList<TriggerChange> TriggerChanges => ((RecordingJobTriggers)Triggers).Changes;

    /// <summary>
    /// A scheduler that records every call in <see cref="SchedulerCalls"/>: <c>TriggerAsync</c> returns a new run id
    /// (<c>test-run-1</c>, ...), reads answer as a scheduler with no jobs or runs would.
    /// </summary>
    public override IScheduler Scheduler
    {
        get
        {
            lock (_gate)
            {
                return _scheduler ??= new RecordingScheduler(Clock);
            }
        }
    }

    /// <summary>The calls the job made to <see cref="Scheduler"/>, in order.</summary>
    public IReadOnlyList<SchedulerCall> SchedulerCalls => ((RecordingScheduler)Scheduler).Calls;

    /// <summary>
    /// The plugin's configuration section, as the plugin's <see cref="IPluginStartup"/> gets it in
    /// <see cref="PluginStartupContext.Settings"/> (<c>key</c> / <c>section:key</c> pairs). Default: empty.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Cancelled by <see cref="Cancel"/>; <see cref="JobRunner"/> passes it (linked with its own) to the job.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Cancels the run's token, as the host does when an operator cancels a run; the run then ends <see cref="RunStatus.Cancelled"/> if the job stops by throwing <see cref="OperationCanceledException"/>.</summary>
    public void Cancel() => _cancellation.Cancel();

    /// <summary>Whether <see cref="Cancel"/> was called.</summary>
    public bool IsCancellationRequested => _cancellation.IsCancellationRequested;

    internal LogCapture Capture => _logs;

    internal void MarkStarted() => _startedUtc = Clock.GetUtcNow();
}
