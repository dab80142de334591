namespace Kairos;

/// <summary>One trigger of a job: its schedule in force, where it came from, and its next and last fire.</summary>
public sealed class TriggerInfo
{
    /// <summary>The trigger as it is in force (with configuration overrides applied).</summary>
    public required TriggerSpec Spec { get; init; }

    /// <summary>
    /// Where the trigger comes from: <c>declared</c> (an attribute or a script header) or <c>dynamic</c> (added by code
    /// through <see cref="IScheduler"/> or <see cref="IJobTriggers"/>).
    /// </summary>
    public required string Origin { get; init; }

    /// <summary>The next instant (UTC) it fires, or <see langword="null"/> when it will not fire again.</summary>
    public DateTimeOffset? NextFireUtc { get; init; }

    /// <summary>The instant (UTC) it last fired, or <see langword="null"/>.</summary>
    public DateTimeOffset? LastFireUtc { get; init; }

    /// <summary>
    /// The trigger as declared, when configuration changed it; <see langword="null"/> when <see cref="Spec"/> is the
    /// declaration itself.
    /// </summary>
    public TriggerSpec? Declared { get; init; }

    /// <summary>The configuration key that changed it (<c>Kairos:Jobs:ID:Triggers:KEY</c>), or <see langword="null"/>.</summary>
    public string? OverriddenBy { get; init; }
}
