using Microsoft.Extensions.Hosting;

namespace Kairos.Host.Cli;

/// <summary>
/// The host's lifetime under <c>kairos exec</c>: it neither listens to Ctrl+C nor prints "Application started. Press
/// Ctrl+C to shut down.". Exec handles the signals itself: they cancel its one run, which then ends cancelled, where the
/// console lifetime would shut the host down and the run would end interrupted.
/// </summary>
internal sealed class ExecLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
