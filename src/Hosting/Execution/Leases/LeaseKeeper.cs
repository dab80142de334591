using Kairos.Host.Execution.Starting;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Leases;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Leases;

/// <summary>
/// This node's hold on its runs, kept at every housekeeping tick: renews the leases of its running runs, expires
/// those of dead hosts (their runs recorded interrupted, with re-runs or crash-loop pauses, by
/// <see cref="RunRecovery"/>), and stops its runs that other nodes asked it to stop.
/// </summary>
internal sealed class LeaseKeeper(
    ExecutingRuns executing,
    IStartPolicy starts,
    ILeaseStore leases,
    RunRecovery recovery,
    IOptions<KairosOptions> options)
{
    private readonly KairosOptions _options = options.Value;
    private DateTimeOffset _nextRenewal;
    private DateTimeOffset _nextExpiry;

    /// <summary>
    /// At start-up: records interrupted the runs the store's last hosts left running (on an exclusive store every
    /// one). True when re-runs were added (the loop then collects the new pending runs).
    /// </summary>
    public bool RecoverAtStart(DateTimeOffset now) => Expire(starts.AbandonedAtStartBefore(now), now);

    /// <summary>
    /// Renews (every third of a lease), expires (every half lease) and stops runs cancelled elsewhere. True when
    /// re-runs were added.
    /// </summary>
    public bool Keep(DateTimeOffset now)
    {
        var rerun = false;
        if (now >= _nextRenewal)
        {
            RenewLeases(now);
            _nextRenewal = now + _options.LeaseDuration / 3;
        }
        if (now >= _nextExpiry)
        {
            rerun = Expire(now, now);
            _nextExpiry = now + _options.LeaseDuration / 2;
        }
        starts.StopRunsCancelledElsewhere();
        return rerun;
    }

    /// <summary>Extends the leases of this node's running runs.</summary>
    private void RenewLeases(DateTimeOffset now)
    {
        var ids = executing.All.Where(e => !e.Recorded.Task.IsCompleted).Select(e => e.Run.Id).ToList();
        if (ids.Count > 0)
        {
            leases.RenewLeases(_options.EffectiveNodeId, ids, now + _options.LeaseDuration);
        }
    }

    /// <summary>Marks the runs of dead hosts interrupted, with their re-runs or crash-loop pauses (<see cref="RunRecovery"/>).</summary>
    private bool Expire(DateTimeOffset expiredBefore, DateTimeOffset now) =>
        recovery.Report(leases.ExpireLeases(expiredBefore, run => recovery.Decide(run, now)), now);
}
