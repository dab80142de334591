using System.Diagnostics;
using System.Reflection;
using Kairos.Host.Catalog;
using Kairos.Host.Execution.Running;
using Kairos.Host.Plugins.Discovery;
using Kairos.Host.Plugins.Inspection;
using Kairos.Host.Sources.Trust;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Plugins.Loading;

/// <summary>
/// Loads one version of a plugin beside whatever version runs now: copies its files, checks the image and its contract
/// version and, unless <paramref name="allowProcessExit"/>, that its code calls nothing that ends the host process, creates
/// a collectible context, finds and checks its jobs, runs its <see cref="IPluginStartup"/> (given the scheduler acting as
/// <c>plugin:NAME</c> when <paramref name="schedulers"/> is set), and creates a handler per job.
/// Never throws for a bad plugin: the result carries one message naming the file and cause.
/// </summary>
internal sealed class PluginVersionLoader(
    PluginShadowCopy shadowCopy,
    PluginSettings settings,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider,
    bool allowProcessExit = false,
    IJobSchedulerFactory? schedulers = null)
{
    /// <param name="candidate">The plugin as found in the plugins folder.</param>
    /// <param name="currentHash">The content hash of the version running now; the same content is not loaded again.</param>
    public PluginLoadResult Load(PluginCandidate candidate, string? currentHash)
    {
        var display = PluginPaths.Display(candidate.MainAssemblyPath ?? candidate.Location + Path.DirectorySeparatorChar);
        if (candidate.Problem is not null)
        {
            return PluginLoadResult.Failed($"{display}: {candidate.Problem}", null);
        }
        // The scan checks first; checked here too for the preload, and again after the copy, so what was copied was safe.
        if (PluginTrust.Refusal(candidate, new CodeTrust(candidate.PluginsFolder, PluginTrust.Kind)) is { } before)
        {
            return PluginLoadResult.Failed($"{display}: {before}", null);
        }
        string folder, main, hash;
        try
        {
            (folder, main) = shadowCopy.Copy(candidate);
            hash = PluginFingerprint.OfContent(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return PluginLoadResult.Failed($"{display}: its files could not be read (is a deploy still copying?): {e.Message}", null);
        }
        if (PluginTrust.Refusal(candidate, new CodeTrust(candidate.PluginsFolder, PluginTrust.Kind)) is { } after)
        {
            PluginShadowCopy.Delete(folder);
            return PluginLoadResult.Failed($"{display}: {after}", null);
        }
        if (hash == currentHash)
        {
            PluginShadowCopy.Delete(folder);
            return PluginLoadResult.Same(hash);
        }
        var result = LoadCopy(candidate.Name, display, folder, main, hash);
        if (result.Plugin is null)
        {
            PluginShadowCopy.Delete(folder);
        }
        return result;
    }

    private PluginLoadResult LoadCopy(string name, string display, string folder, string main, string hash)
    {
        if (!PluginImageInspector.TryInspect(main, out var imageError))
        {
            return PluginLoadResult.Failed($"{display}: {imageError}", hash);
        }
        if (!allowProcessExit && EndsTheProcess(main) is { } exitError)
        {
            return PluginLoadResult.Failed($"{display}: {exitError}", hash);
        }
        PluginAssemblyContext context;
        try
        {
            context = PluginAssemblyContext.Load(main);
        }
        catch (Exception e)
        {
            return PluginLoadResult.Failed($"{display}: could not be loaded: {e.GetType().Name}: {e.Message}", hash);
        }

        string? error;
        IReadOnlyList<PluginProblem> jobProblems = [];
        IServiceProvider? services = null;
        try
        {
            var types = PluginTypeScanner.Scan(context.MainAssembly);
            error = types.Fatal;
            if (error is null)
            {
                var version = $"{InformationalVersion(context.MainAssembly)}#{hash}";
                services = types.Startup is null ? null : Startup(name, types.Startup);
                var activator = new PluginJobActivator(name, display, services);
                var source = PluginSource.For(name);
                var handlers = types.Jobs
                    .Select(j => (JobHandler)new TypeJobHandler(j.Definition, source, version, j.Type, activator))
                    .ToList();
                if (handlers.Count > 0)
                {
                    var problems = types.Problems.Select(p => p with { Message = $"{display}: {p.Message}" }).ToList();
                    var listeners = Listeners(services, display, problems);
                    return PluginLoadResult.Loaded(new LoadedPlugin(
                        name, display, version, hash, timeProvider.GetUtcNow(), handlers, problems, context, services, folder)
                    {
                        Listeners = listeners,
                    });
                }
                jobProblems = [.. types.Problems.Where(p => p.JobId is not null).Select(p => p with { Message = $"{display}: {p.Message}" })];
                error = types.Problems.Count > 0
                    ? $"no job could be loaded: {string.Join("; ", types.Problems.Select(p => p.Message))}"
                    : "contains no jobs: expected public classes implementing Kairos.IJob with a [Job(\"id\")] attribute";
            }
        }
        catch (PluginStartupException e)
        {
            error = e.Message;
        }
        catch (Exception e)
        {
            error = $"could not be read: {e.GetType().Name}: {e.Message}";
        }
        PluginServices.TryDispose(services, out _);
        return PluginLoadResult.Failed($"{display}: {error}", hash, context.Unload(), jobProblems);
    }

    /// <summary>Why the plugin is refused because its code ends the host process, or null when it does not.</summary>
    private static string? EndsTheProcess(string main)
    {
        try
        {
            var findings = PluginProcessExitScanner.Scan(main);
            return findings.Count == 0 ? null : $"refused: {string.Join("; ", findings)}; {ProcessEndingApis.Advice}";
        }
        catch (BadImageFormatException e)
        {
            return $"its code could not be read: {e.Message}";
        }
    }

    private IServiceProvider Startup(string name, Type startupType)
    {
        try
        {
            var startup = (IPluginStartup)Activator.CreateInstance(startupType)!;
            var context = new PluginStartupContext(name, new PluginLoggerFactory(loggerFactory), settings.For(name), timeProvider)
            {
                Scheduler = schedulers?.For("plugin:" + name),
            };
            return startup.ConfigureServices(context)
                ?? throw new PluginStartupException($"{startupType.FullName}.ConfigureServices returned null: expected a service provider");
        }
        catch (Exception e) when (e is not PluginStartupException)
        {
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            throw new PluginStartupException($"its IPluginStartup {startupType.FullName} threw {cause.GetType().Name}: {cause.Message}");
        }
    }

    /// <summary>
    /// The <see cref="ISchedulerListener"/> services of the plugin's provider, created now (their constructors are the
    /// plugin's code). One that cannot be created is a problem of the plugin; its jobs load all the same.
    /// </summary>
    private static IReadOnlyList<ISchedulerListener> Listeners(IServiceProvider? services, string display, List<PluginProblem> problems)
    {
        if (services is null)
        {
            return [];
        }
        try
        {
            return services.GetService(typeof(IEnumerable<ISchedulerListener>)) is IEnumerable<ISchedulerListener> all ? [.. all] : [];
        }
        catch (Exception e)
        {
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            problems.Add(new PluginProblem(null, $"{display}: its ISchedulerListener services could not be created, so they are not called: {cause.GetType().Name}: {cause.Message}"));
            return [];
        }
    }

    private static string InformationalVersion(Assembly assembly)
    {
        var info = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "0.0.0";
        // The SDK appends the full commit id ("1.0.0+<40 hex digits>"); seven digits identify it well enough.
        var plus = info.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && info.Length - plus - 1 == 40 ? info[..(plus + 8)] : info;
    }

    [DebuggerDisplay("{Message}")]
    private sealed class PluginStartupException(string message) : Exception(message);
}
