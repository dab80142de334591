namespace Kairos.Host.Scheduling.Loop;

/// <summary>
/// Whether this host's scheduler loop runs. <c>kairos exec</c> turns it off: no trigger fires, and no run the store
/// holds (pending, or left running by a dead host) is started or recovered; the one run exec starts goes to the
/// dispatcher directly. Jobs are still reconciled into the store and runs still execute and are recorded as in a host.
/// </summary>
internal sealed class SchedulerModeOptions
{
    /// <summary>Run the scheduler loop (fires, pending runs, recovery, housekeeping). Default: true.</summary>
    public bool Loop { get; set; } = true;
}
