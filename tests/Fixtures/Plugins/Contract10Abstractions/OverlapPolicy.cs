namespace Kairos;

/// <summary>What happens when a fire is due while a run with the same concurrency key is still running.</summary>
public enum OverlapPolicy
{
    /// <summary>The new fire is not run and is recorded as <c>skipped</c>. The default.</summary>
    Skip = 0,

    /// <summary>The new fire waits until the running one ends, then runs.</summary>
    Queue = 1,

    /// <summary>Up to <see cref="JobAttribute.MaxConcurrency"/> runs at once; beyond that, fires are skipped.</summary>
    Allow = 2,

    /// <summary>The running one is cancelled (recorded as <c>cancelled</c>) and the new fire runs.</summary>
    Replace = 3,
}
