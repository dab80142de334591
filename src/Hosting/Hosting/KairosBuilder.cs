using Kairos.Host.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kairos.Host.Hosting;

internal sealed class KairosBuilder(IServiceCollection services) : IKairosBuilder
{
    public IServiceCollection Services { get; } = services;

    public IKairosBuilder AddJob<TJob>() where TJob : class, IJob
    {
        Services.TryAddTransient<TJob>();
        Services.AddSingleton(new AppJobType(typeof(TJob)));
        return this;
    }
}
