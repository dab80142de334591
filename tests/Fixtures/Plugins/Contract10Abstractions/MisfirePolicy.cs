namespace Kairos;

/// <summary>
/// What the scheduler does with fires that were due more than the misfire threshold ago (the host was down,
/// paused or behind). Every decision is written to run history; a dropped fire is a record with status <c>misfired</c>.
/// </summary>
public enum MisfirePolicy
{
    /// <summary>Run once now for all the missed fires, record the others as <c>misfired</c>. The default.</summary>
    FireOnce = 0,

    /// <summary>Run every missed fire, up to the configured cap; those beyond it are recorded as <c>misfired</c>.</summary>
    FireAll = 1,

    /// <summary>Run none of the missed fires (each is recorded as <c>misfired</c>) and wait for the next one.</summary>
    Skip = 2,
}
