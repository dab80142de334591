namespace Kairos;

/// <summary>What happens to a run that was interrupted because its host died (its lease expired).</summary>
public enum RecoveryPolicy
{
    /// <summary>The run is recorded as <c>interrupted</c> and not run again; the next scheduled fire runs normally. The default.</summary>
    None = 0,

    /// <summary>The run is recorded as <c>interrupted</c> and a new run of the same fire is started at once.</summary>
    Rerun = 1,
}
