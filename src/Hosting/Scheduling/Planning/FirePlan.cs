namespace Kairos.Host.Scheduling.Planning;

/// <summary>What to do with one due trigger: fires to run, fires recorded as misfired, and its next fire time.</summary>
internal sealed record FirePlan(
    IReadOnlyList<DateTimeOffset> Run,
    IReadOnlyList<DateTimeOffset> Misfired,
    long MisfiredNotRecorded,
    DateTimeOffset? NextFireUtc);
