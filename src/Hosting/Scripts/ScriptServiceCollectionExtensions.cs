using Kairos.Host.Diagnostics;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Scripts.Build;
using Kairos.Host.Scripts.Cache;
using Kairos.Host.Scripts.Closure;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Loading;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Sources.Folder;
using Kairos.Host.Sources.Retiring;
using Kairos.Host.Sources.Watching;
using Kairos.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scripts;

internal static class ScriptServiceCollectionExtensions
{
    /// <summary>Registers the script folder source (<c>Kairos:ScriptsPath</c>) and its status board for the CLI.</summary>
    public static IServiceCollection AddKairosScripts(this IServiceCollection services)
    {
        services.AddOptions<ScriptSourceOptions>();
        services.AddKairosListeners();
        services.TryAddSingleton<ScriptCounters>();
        services.TryAddSingleton<ScriptStatusBoard>();
        services.TryAddSingleton<ScriptReferences>();
        services.TryAddSingleton(sp => new ScriptCompiler(
            sp.GetRequiredService<ScriptReferences>(), sp.GetRequiredService<IOptions<KairosOptions>>().Value.AllowProcessExit,
            sp.GetRequiredService<IOptions<ScriptSourceOptions>>().Value.Debug));
        services.TryAddSingleton<ScriptClosureReader>();
        services.TryAddSingleton<ScriptCache>();
        services.TryAddSingleton<ScriptBuilder>();
        services.TryAddSingleton<ScriptRetirement>();
        services.TryAddSingleton(sp => new VersionRetirer<ScriptJobHandler>(
            sp.GetRequiredService<ScriptRetirement>(),
            sp.GetRequiredService<IOptions<KairosOptions>>(),
            sp.GetRequiredService<IOptions<ScriptSourceOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            () => sp.GetRequiredService<KairosMetrics>().VersionLeaked("script")));
        services.TryAddSingleton<SourceLoadReport>();
        services.TryAddSingleton<ScriptPublication>();
        services.TryAddSingleton<ScriptFolderLoader>();
        services.TryAddSingleton(sp => new FolderSource<ScriptEntry, ScriptJobHandler, string, ScriptBuild>(
            sp.GetRequiredService<ScriptFolderLoader>(),
            sp.GetRequiredService<VersionRetirer<ScriptJobHandler>>(),
            sp.GetRequiredService<ILogger<ScriptFolderLoader>>()));
        services.TryAddSingleton<ScriptWarmUp>();
        services.TryAddKeyedSingleton(ScriptJobSource.FolderKey, (sp, _) => new ConfiguredFolder(
            "script",
            () => sp.GetRequiredService<IOptions<KairosOptions>>().Value.ScriptsPath,
            sp.GetRequiredService<IOptions<ScriptSourceOptions>>().Value,
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ScriptJobSource>();
        services.AddHostedService(sp => sp.GetRequiredService<ScriptJobSource>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IInfoContributor, ScriptInfoContributor>());
        return services;
    }
}
