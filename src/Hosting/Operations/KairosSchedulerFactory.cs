using Kairos.Host.Execution.Running;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Host.Operations;

/// <summary>
/// The scheduler for code the host runs (a job as <c>job:ID</c>, a plugin's startup as <c>plugin:NAME</c>). The
/// <see cref="KairosScheduler"/> is resolved on first use, not when the engine is built: it reads the sources' status,
/// and the sources are built with this factory.
/// </summary>
internal sealed class KairosSchedulerFactory(IServiceProvider services) : IJobSchedulerFactory
{
    public IScheduler For(string actor) => services.GetRequiredService<KairosScheduler>().As(actor);
}
