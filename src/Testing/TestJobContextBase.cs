using System.ComponentModel;

namespace Kairos.Testing;

/// <summary>
/// The <see cref="JobContext"/> members <see cref="TestJobContext"/> makes settable: C# cannot add an <c>init</c> accessor
/// to an override, so this class overrides them and <see cref="TestJobContext"/> declares the settable properties of the
/// same names over them. Use <see cref="TestJobContext"/>; nothing else can derive from this class.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class TestJobContextBase : JobContext
{
    private protected TestJobContextBase()
    {
    }

    /// <inheritdoc/>
    public sealed override string JobId => JobIdCore;

    /// <inheritdoc/>
    public sealed override string TriggerKey => TriggerKeyCore;

    /// <inheritdoc/>
    public sealed override string RunId => RunIdCore;

    /// <inheritdoc/>
    public sealed override string? DataJson => DataJsonCore;

    /// <inheritdoc/>
    public sealed override int Attempt => AttemptCore;

    /// <inheritdoc/>
    public sealed override DateTimeOffset ScheduledUtc => ScheduledUtcCore ?? StartedUtc;

    private protected string JobIdCore { get; set; } = "test.job";

    private protected string TriggerKeyCore { get; set; } = "default";

    private protected string RunIdCore { get; set; } = "test-run";

    private protected string? DataJsonCore { get; set; }

    private protected int AttemptCore { get; set; } = 1;

    private protected DateTimeOffset? ScheduledUtcCore { get; set; }
}
