using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Kairos.Host.Catalog;
using Kairos.Host.Plugins.Loading;

namespace Kairos.Testing;

/// <summary>
/// Runs a job once, without a host, on a <see cref="TestJobContext"/>, and returns its outcome as the host would record
/// it. The job's <see cref="JobAttribute.TimeoutSeconds"/> is honoured on the context's test clock: advancing
/// <see cref="TestJobContext.Clock"/> past it cancels the job's token and the run ends <see cref="RunStatus.TimedOut"/>.
/// </summary>
public static class JobRunner
{
    /// <summary>
    /// Creates a <typeparamref name="TJob"/> as the host does, through the plugin's own services when its assembly
    /// declares an <see cref="IPluginStartup"/> (given <see cref="TestJobContext.Settings"/>, a logger factory that writes
    /// into <see cref="TestJobContext.Logs"/>, the test clock and the recording scheduler), else through its public
    /// constructor; runs it once; and disposes it and the plugin's services.
    /// </summary>
    /// <typeparam name="TJob">The job class.</typeparam>
    /// <param name="context">The run; <see langword="null"/> for a new one whose <see cref="TestJobContext.JobId"/> is the job's declared id.</param>
    /// <param name="cancellationToken">Cancels the run as <see cref="TestJobContext.Cancel"/> does.</param>
    /// <returns>The outcome; a job that throws or cannot be created gives <see cref="RunStatus.Failed"/>, not an exception.</returns>
    [SuppressMessage("ApiDesign", "RS0026", Justification = "The two overloads differ in their first parameter (a type argument, an instance); both take the same optional context and token.")]
    public static async Task<JobRunResult> RunAsync<TJob>(TestJobContext? context = null, CancellationToken cancellationToken = default)
        where TJob : IJob
    {
        context ??= new TestJobContext { JobId = typeof(TJob).GetCustomAttribute<JobAttribute>()?.Id ?? "test.job" };
        context.MarkStarted();
        IServiceProvider? services = null;
        try
        {
            IJob job;
            try
            {
                services = PluginStartups.ConfigureServices(typeof(TJob).Assembly, context);
                var name = typeof(TJob).Assembly.GetName().Name ?? typeof(TJob).Name;
                job = (IJob)new PluginJobActivator(name, name + ".dll", services).GetService(typeof(TJob))!;
            }
            catch (Exception e)
            {
                return new JobRunResult { Status = RunStatus.Failed, Error = e, Logs = context.Logs, Context = context };
            }
            return await RunCoreAsync(job, DeclaredTimeout(typeof(TJob)), context, disposeJob: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            PluginServices.TryDispose(services, out _);
        }
    }

    /// <summary>Runs a job instance the test made itself once; the instance is not disposed.</summary>
    /// <param name="job">The job.</param>
    /// <param name="context">The run; <see langword="null"/> for a new one whose <see cref="TestJobContext.JobId"/> is the job's declared id.</param>
    /// <param name="cancellationToken">Cancels the run as <see cref="TestJobContext.Cancel"/> does.</param>
    /// <returns>The outcome; a job that throws gives <see cref="RunStatus.Failed"/>, not an exception.</returns>
    [SuppressMessage("ApiDesign", "RS0026", Justification = "See RunAsync<TJob>.")]
    public static Task<JobRunResult> RunAsync(IJob job, TestJobContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        context ??= new TestJobContext { JobId = job.GetType().GetCustomAttribute<JobAttribute>()?.Id ?? "test.job" };
        context.MarkStarted();
        return RunCoreAsync(job, DeclaredTimeout(job.GetType()), context, disposeJob: false, cancellationToken);
    }

    private static TimeSpan? DeclaredTimeout(Type jobType) =>
        jobType.GetCustomAttribute<JobAttribute>() is { TimeoutSeconds: > 0 } declaration ? TimeSpan.FromSeconds(declaration.TimeoutSeconds) : null;

    /// <summary>Runs <paramref name="job"/> on <paramref name="context"/> under <paramref name="timeout"/> (on the test clock) and maps its outcome.</summary>
    internal static async Task<JobRunResult> RunCoreAsync(IJob job, TimeSpan? timeout, TestJobContext context, bool disposeJob, CancellationToken cancellationToken)
    {
        using var timedOut = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, cancellationToken, timedOut.Token);
        using var timer = timeout is { } limit
            ? context.Clock.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), timedOut, limit, Timeout.InfiniteTimeSpan)
            : null;
        var started = context.Clock.GetUtcNow();
        Exception? error = null;
        try
        {
            // Called on this thread, as far as the job's first await: a test that then moves the clock finds the job's
            // timers already made.
            await job.ExecuteAsync(context, linked.Token).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            error = e;
        }
        finally
        {
            if (disposeJob)
            {
                await JobDisposal.DisposeAsync(job).ConfigureAwait(false);
            }
        }
        var status = error switch
        {
            null => RunStatus.Succeeded,
            OperationCanceledException when timedOut.IsCancellationRequested && !context.IsCancellationRequested && !cancellationToken.IsCancellationRequested => RunStatus.TimedOut,
            OperationCanceledException when linked.IsCancellationRequested => RunStatus.Cancelled,
            _ => RunStatus.Failed,
        };
        return new JobRunResult
        {
            Status = status,
            Error = error,
            Logs = context.Logs,
            Context = context,
            Duration = context.Clock.GetUtcNow() - started,
        };
    }

}
