namespace Kairos.Host.Catalog.Settings;

/// <summary>
/// What <c>Kairos:Jobs:ID</c> in configuration sets for one job; each value null when not set (the declaration stands).
/// Bound by <see cref="Host.Settings.SettingsBinder"/>: each property is the key of the same name.
/// </summary>
internal sealed class JobOverride
{
    /// <summary>False switches the job off: it stays listed, disabled, with its history; no fire is made.</summary>
    public bool? Enabled { get; init; }

    /// <summary>The run's timeout; zero: none.</summary>
    public TimeSpan? Timeout { get; init; }

    public int? MaxAttempts { get; init; }

    public TimeSpan? RetryBackoff { get; init; }

    public OverlapPolicy? Overlap { get; init; }

    public int? MaxConcurrency { get; init; }

    /// <summary>Run records kept; zero: the host's default.</summary>
    public int? RetentionCount { get; init; }

    /// <summary>Days run records are kept; zero: the host's default.</summary>
    public double? RetentionDays { get; init; }

    /// <summary>Consecutive failed runs after which the job is paused; zero: never.</summary>
    public int? PauseAfterFailures { get; init; }

    /// <summary>The configuration path of this job's section, as written (<c>Kairos:Jobs:billing.invoice</c>).</summary>
    internal string Path { get; init; } = "";

    /// <summary>Overrides of declared triggers, by trigger key (any case).</summary>
    internal IReadOnlyDictionary<string, TriggerOverride> Triggers { get; init; } = new Dictionary<string, TriggerOverride>();
}
