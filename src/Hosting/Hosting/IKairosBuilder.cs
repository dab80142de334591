using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Host.Hosting;

/// <summary>Adds jobs to a Kairos host embedded in a Generic Host application.</summary>
public interface IKairosBuilder
{
    /// <summary>The application's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>
    /// Adds a job class of the application itself. It is declared with <see cref="JobAttribute"/> like a plugin job,
    /// and created per run from the application's services (so it can take them in its constructor).
    /// </summary>
    /// <typeparam name="TJob">The job class.</typeparam>
    /// <returns>This builder.</returns>
    IKairosBuilder AddJob<TJob>() where TJob : class, IJob;
}
