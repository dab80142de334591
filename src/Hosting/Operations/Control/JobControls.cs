using Kairos.Host.Operations.Backfill;

namespace Kairos.Host.Operations.Control;

/// <summary>
/// What an actor changes about a job's schedule: its dynamic triggers, its switches (paused, disabled) and its
/// backfills. Each wakes the scheduler for the change; the front audits it.
/// </summary>
internal sealed class JobControls(TriggerControl triggers, JobSwitches switches, Backfiller backfill)
{
    public TriggerControl Triggers => triggers;

    public JobSwitches Switches => switches;

    public Backfiller Backfill => backfill;
}
