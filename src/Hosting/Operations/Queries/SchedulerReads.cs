using Kairos.Host.Operations.Explain;

namespace Kairos.Host.Operations.Queries;

/// <summary>
/// The read side of the scheduler API: what it knows for any actor, with nothing audited. Jobs and their state, runs
/// and waits for them, the scheduler's own state, why a job did or did not fire, and where a job can run from here.
/// </summary>
internal sealed class SchedulerReads(JobQueries jobs, RunQueries runs, SchedulerState state, ExplainReader explain, HostReach reach)
{
    public JobQueries Jobs => jobs;

    public RunQueries Runs => runs;

    public SchedulerState State => state;

    public ExplainReader Explain => explain;

    public HostReach Reach => reach;
}
