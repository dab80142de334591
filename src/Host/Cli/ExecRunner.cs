using System.Diagnostics;
using System.Runtime.InteropServices;
using Kairos.Host.Catalog;
using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Kairos.Host.Operations;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Scripts;
using Kairos.Host.Scripts.Build;
using Kairos.Host.Scripts.Closure;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Loading;
using Kairos.Host.Storage;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Cli;

/// <summary>
/// <c>kairos exec JOB|FILE.csx</c>: one run of one job in the foreground, through the host's own pipeline
/// (<see cref="KairosServiceCollectionExtensions.AddKairos"/>: the same loading, compile, timeout, cancellation grace,
/// logging and run record), with the scheduler loop off (<see cref="SchedulerModeOptions"/>), so no trigger fires and
/// no other run starts. One attempt: the job's retries are not made. The store is a temporary one, deleted afterwards,
/// unless <c>--db</c> names one that no host holds. Scripts compile without optimizations, for a debugger. The exit
/// code is the run's outcome (<see cref="ExecExitCodes"/>); Ctrl+C cancels the run.
/// </summary>
internal static partial class ExecRunner
{
    public static async Task<int> RunAsync(ExecSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Data is { } data && !JsonText.IsValid(data, out var reason))
        {
            return Error(ExecExitCodes.BadInput, $"--data '{data}' is not JSON: {Brief(reason)}");
        }
        if (settings.ConfigFile is { } file && !File.Exists(file))
        {
            return Error(ExecExitCodes.BadInput, $"config file '{file}' does not exist");
        }
        var script = settings.IsScript ? Path.GetFullPath(settings.Target) : null;
        if (script is not null && !File.Exists(script))
        {
            return Error(ExecExitCodes.NotFound, $"script file '{script}' does not exist");
        }
        string? temporary = null;
        string database;
        if (settings.Database is { } given)
        {
            database = Path.GetFullPath(given);
            if (StoreFileLock.IsHeld(database))
            {
                return Error(ExecExitCodes.StoreRefused,
                    $"store '{database}' is held by a running host: exec never opens a running host's store; leave out --db (exec then runs on a temporary store) or stop that host");
            }
        }
        else
        {
            temporary = Path.Combine(Path.GetTempPath(), "kairos-exec-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(temporary);
            database = Path.Combine(temporary, "kairos.db");
        }
        // Ctrl+C and SIGTERM cancel the run (recorded cancelled), then exec ends; not the host's console lifetime, which
        // would shut the host down and record the run interrupted (see ExecLifetime).
        using var interrupted = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void Interrupt(PosixSignalContext context)
        {
            context.Cancel = true;
            interrupted.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var sigterm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        try
        {
            if (settings.WaitForDebugger)
            {
                await DebuggerWait.WaitAsync(() => Debugger.IsAttached, Console.In, Console.Error, Environment.ProcessId, TimeProvider.System, interrupted.Token)
                    .ConfigureAwait(false);
            }
            KairosBsonMapper.Prepare();
            return await RunOnStoreAsync(settings, script, database, interrupted.Token).ConfigureAwait(false);
        }
        finally
        {
            if (temporary is not null)
            {
                DeleteTemporary(temporary);
            }
        }
    }

    private static async Task<int> RunOnStoreAsync(ExecSettings settings, string? script, string database, CancellationToken cancellationToken)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
        });
        HostRunner.Configure(builder.Configuration, new RunSettings(settings.Plugins, settings.Scripts, database, settings.ConfigFile));
        var overrides = new Dictionary<string, string?>
        {
            [Key(nameof(KairosOptions.Store))] = "litedb",
            [Key(nameof(KairosOptions.ControlApi))] = "false",
        };
        if (script is not null)
        {
            // The one file is the job: no folder is loaded.
            overrides[Key(nameof(KairosOptions.PluginsPath))] = "";
            overrides[Key(nameof(KairosOptions.ScriptsPath))] = "";
        }
        builder.Configuration.AddInMemoryCollection(overrides);
        HostRunner.AddConsoleLog(builder);
        builder.Services.AddSingleton<IHostLifetime, ExecLifetime>();
        builder.Services.AddKairos();
        builder.Services.Configure<SchedulerModeOptions>(o => o.Loop = false);
        builder.Services.Configure<ScriptSourceOptions>(o =>
        {
            o.Debug = true;
            o.WarmUp = false;
        });
        using var host = builder.Build();
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExecRunner).FullName!);
        try
        {
            var options = HostRunner.CheckSettings(host.Services);
            host.Services.GetRequiredService<StoreClaim>().Acquire();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var (handler, refused) = script is null
                    ? Find(host.Services, settings.Target, options)
                    : Load(host.Services, script);
                return handler is null ? refused : await RunOnceAsync(host.Services, handler, settings.Data, logger, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (SettingsException e)
        {
            return Error(ExecExitCodes.BadInput, e.Problems);
        }
        catch (OptionsValidationException e)
        {
            return Error(ExecExitCodes.BadInput, [.. e.Failures]);
        }
        catch (StoreOpenException e)
        {
            return Error(ExecExitCodes.StoreRefused, e.Message);
        }
        catch (InvalidOperationException e) when (e.InnerException is StoreOpenException inner)
        {
            return Error(ExecExitCodes.StoreRefused, inner.Message);
        }
    }

    private static string Key(string name) => KairosOptions.SectionName + ":" + name;

    /// <summary>The loaded job <paramref name="jobId"/> of the plugins and scripts folders; or why there is none.</summary>
    private static (JobHandler? Handler, int ExitCode) Find(IServiceProvider services, string jobId, KairosOptions options)
    {
        var catalog = services.GetRequiredService<JobCatalog>().Current;
        if (catalog.Handlers.TryGetValue(jobId, out var handler))
        {
            return (handler, 0);
        }
        var problems = catalog.Problems.Where(p => p.JobId == jobId).Select(p => $"job '{jobId}' did not load ({p.Source}): {p.Message}").ToList();
        if (problems.Count > 0)
        {
            return (null, Error(ExecExitCodes.BadInput, problems));
        }
        var folders = $"plugins '{Folder(options.PluginsPath)}', scripts '{Folder(options.ScriptsPath)}'";
        var known = catalog.Handlers.Keys.Order(StringComparer.Ordinal).ToList();
        return (null, Error(ExecExitCodes.NotFound, known.Count == 0
            ? $"job '{jobId}' is unknown: no job is declared ({folders})"
            : $"job '{jobId}' is unknown: expected one of {string.Join(", ", known)} ({folders})"));
    }

    private static string Folder(string path) => path.Length == 0 ? "(off)" : Path.GetFullPath(path);

    /// <summary>
    /// Compiles the script file as the script folder would (its header's settings apply) and publishes it; or prints
    /// its errors, each at its file, line and column.
    /// </summary>
    private static (JobHandler? Handler, int ExitCode) Load(IServiceProvider services, string script)
    {
        var root = Directory.GetCurrentDirectory();
        var closure = services.GetRequiredService<ScriptClosureReader>().Read(script);
        var build = services.GetRequiredService<ScriptBuilder>().Build(closure, root, CancellationToken.None);
        if (!build.Succeeded)
        {
            var what = build.HeaderFailed ? "has an invalid header" : "does not compile";
            return (null, Error(ExecExitCodes.BadInput,
                [$"script '{ScriptDiagnostic.DisplayPath(script, root)}' {what}:", .. build.Errors.Select(e => e.ToString())]));
        }
        var source = ScriptEntry.SourcePrefix + ScriptDiagnostic.DisplayPath(script, root);
        var handler = new ScriptJobHandler(build.Definition!, source, closure.Version, script, build.Script!);
        services.GetRequiredService<JobCatalog>().Publish(source, [handler], []);
        return (handler, 0);
    }

    /// <summary>
    /// Queues a manual run (as <c>kairos trigger</c> does, acting as <c>exec:USER</c>), hands it to the dispatcher and
    /// waits for its outcome; Ctrl+C cancels it (it ends cancelled, after the job's cancellation grace at most). The
    /// dispatch is synchronous: once it returns, the run executes here (or ended, skipped). It is stopped through its
    /// execution, not the store, which may still show it pending (its start is written behind it).
    /// </summary>
    private static async Task<int> RunOnceAsync(IServiceProvider services, JobHandler handler, string? data, ILogger logger, CancellationToken cancellationToken)
    {
        var jobId = handler.Definition.Id;
        var policies = handler.Definition.Policies;
        if (policies.MaxAttempts > 1)
        {
            // Not written to the store: only this run is made with it.
            handler.Effective = handler.Effective with { Definition = handler.Definition with { Policies = policies with { MaxAttempts = 1 } } };
            LogOneAttempt(logger, jobId, policies.MaxAttempts);
        }
        var catalog = services.GetRequiredService<JobCatalog>();
        var scheduler = services.GetRequiredService<KairosScheduler>().As("exec:" + Environment.UserName);
        var runId = scheduler.Trigger(jobId, data).RunId;
        var run = services.GetRequiredService<IRunHistory>().GetRun(runId)!;
        var dispatcher = services.GetRequiredService<Dispatcher>();
        dispatcher.Enqueue([run]);
        dispatcher.Dispatch(catalog.Current);
        LogRunning(logger, jobId, runId, handler.Source, handler.Version);
        RunInfo info;
        var executing = services.GetRequiredService<ExecutingRuns>();
        using (cancellationToken.Register(() => executing.All.FirstOrDefault(e => e.Run.Id == runId)?.Stop(StopReason.Operator, scheduler.Actor)))
        {
            info = await scheduler.WaitForRunAsync(runId, Timeout.InfiniteTimeSpan, CancellationToken.None).ConfigureAwait(false);
        }
        var took = info.Duration is { } duration
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" in {duration.TotalSeconds:0.###} s")
            : "";
        await Console.Out.WriteLineAsync($"{info.Status.Word()}: run {info.Id} of {jobId}{took}").ConfigureAwait(false);
        if (info.ErrorMessage is { } message)
        {
            await Console.Error.WriteLineAsync($"kairos: error: {(info.ErrorType is { } type ? type + ": " : "")}{message}").ConfigureAwait(false);
        }
        return info.Status switch
        {
            RunStatus.Succeeded => ExecExitCodes.Succeeded,
            RunStatus.TimedOut => ExecExitCodes.TimedOut,
            RunStatus.Cancelled => ExecExitCodes.Cancelled,
            _ => ExecExitCodes.Failed,
        };
    }

    /// <summary>The parser's message without its position suffix (one short line on the console).</summary>
    private static string Brief(string reason) => reason.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');

    private static void DeleteTemporary(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"kairos: warning: the temporary store '{folder}' could not be deleted: {e.Message}");
        }
    }

    private static int Error(int code, string message) => Error(code, [message]);

    private static int Error(int code, IReadOnlyList<string> lines)
    {
        foreach (var line in lines)
        {
            Console.Error.WriteLine($"kairos: error: {line}");
        }
        return code;
    }

    [LoggerMessage(EventId = 920, Level = LogLevel.Information, Message = "Running {JobId} once ({RunId}, from {Source}, version {Version}); no trigger fires during exec")]
    private static partial void LogRunning(ILogger logger, string jobId, string runId, string source, string version);

    [LoggerMessage(EventId = 921, Level = LogLevel.Information, Message = "exec makes one attempt of {JobId}: its retries (MaxAttempts {MaxAttempts}) are not made")]
    private static partial void LogOneAttempt(ILogger logger, string jobId, int maxAttempts);
}
