using Kairos.Host.Execution.Leases;
using Kairos.Host.Hosting;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution;

/// <summary>
/// What the dispatcher does when the node stops: it starts nothing more (<see cref="DispatchGate.Close"/>), then gives
/// back what this node holds (<see cref="LeaseRelease"/>): its running jobs drained and its runs claimed ahead
/// released, or, when the process exits without a graceful stop, its runs in flight recorded.
/// </summary>
internal sealed class DispatcherShutdown(DispatchGate gate, LeaseRelease release, IOptions<KairosOptions> options)
{
    /// <summary>
    /// Starts nothing more; waits up to <see cref="KairosOptions.ShutdownGrace"/> for running jobs, cancels the rest and
    /// waits for their records; then releases the runs this node claimed ahead but did not start
    /// (<see cref="LeaseRelease.ShutdownAsync"/>).
    /// </summary>
    public async Task ShutdownAsync()
    {
        gate.Close();
        await release.ShutdownAsync(options.Value.ShutdownGrace).ConfigureAwait(false);
    }

    /// <summary>The process is ending without a graceful shutdown: starts nothing more and records the runs in flight (<see cref="LeaseRelease.RecordProcessExit"/>).</summary>
    public void RecordProcessExit()
    {
        gate.Close();
        release.RecordProcessExit();
    }
}
