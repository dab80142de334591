using Microsoft.Extensions.Hosting;

namespace Kairos.Web.Http;

/// <summary>
/// The lifetime of Kairos's web server inside the scheduler's host: the host's own lifetime handles Ctrl-C and SIGTERM
/// and stops the server with everything else, so the server neither listens for signals nor prints start-up lines.
/// </summary>
internal sealed class QuietLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
