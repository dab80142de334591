using Kairos.Host.Diagnostics;
using Kairos.Host.Hosting;
using Kairos.Host.Settings;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.LiteDb;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Storage.Postgres;

internal static class PostgresServiceCollectionExtensions
{
    /// <summary>
    /// Registers the PostgreSQL store, cluster settings, membership and the <c>nodes</c> info section. Call before the
    /// scheduler's hosted service: membership must reach the database before the scheduler starts.
    /// </summary>
    public static IServiceCollection AddKairosPostgres(this IServiceCollection services)
    {
        services.AddStartSettings<ClusterOptions, ClusterOptionsValidator>(ClusterOptions.SectionName);
        services.TryAddSingleton(sp =>
        {
            var kairos = sp.GetRequiredService<IOptions<KairosOptions>>().Value;
            return new PostgresStore(kairos.ConnectionString ?? "", kairos.EffectiveNodeId, sp.GetRequiredService<IOptions<ClusterOptions>>().Value.NodeTimeout);
        });
        services.TryAddSingleton<ClusterMembershipService>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterMembershipService>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInfoContributor, NodesInfoContributor>(sp => new NodesInfoContributor(
            sp.GetRequiredService<PostgresStore>, sp.GetRequiredService<IRunHistory>(), sp.GetRequiredService<IRunnableJobs>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<KairosOptions>>(), sp.GetService<HostStartTime>())));
        return services;
    }

    /// <summary>The store chosen by <see cref="KairosOptions.Store"/>, under one of its role interfaces.</summary>
    public static T SelectedStore<T>(this IServiceProvider services) where T : class
    {
        object store = services.GetRequiredService<IOptions<KairosOptions>>().Value.UsesPostgres
            ? services.GetRequiredService<PostgresStore>()
            : services.GetRequiredService<LiteDbStore>();
        return (T)store;
    }
}
