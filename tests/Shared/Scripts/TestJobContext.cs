using Microsoft.Extensions.Logging;

namespace Kairos.TestSupport.Scripts;

/// <summary>A run context for driving a script handler directly, with a logger that records every line.</summary>
internal sealed class TestJobContext(string jobId, string? dataJson = null, IJobTriggers? triggers = null) : JobContext
{
    public RecordingLogger Log { get; } = new();

    public override string JobId => jobId;
    public override string TriggerKey => "default";
    public override string RunId { get; } = Guid.NewGuid().ToString("N");
    public override DateTimeOffset ScheduledUtc { get; } = new(2026, 3, 29, 1, 30, 0, TimeSpan.Zero);
    public override DateTimeOffset StartedUtc => ScheduledUtc;
    [Obsolete("Use ScheduledUtc.")]
    public override DateTimeOffset ScheduledFireTimeUtc => ScheduledUtc;
    [Obsolete("Use StartedUtc.")]
    public override DateTimeOffset FireTimeUtc => StartedUtc;
    public override int Attempt => 1;
    public override string? DataJson => dataJson;
    public override ILogger Logger => Log;
    public override TimeProvider TimeProvider => TimeProvider.System;
    public override IJobTriggers Triggers { get; } = triggers ?? new GatedTriggers(open: true);
}
