using Kairos.Host.Catalog.Settings;

namespace Kairos.Host.Catalog;

/// <summary>
/// One loaded version of one job: what runs when the job fires. Sources (plugins, scripts, the embedding app)
/// create handlers; the catalog routes fires to the current handler of each job id. The handler counts its
/// in-flight runs so a source can drain an old version before unloading it.
/// </summary>
internal abstract class JobHandler
{
    private readonly object _gate = new();
    private readonly HashSet<CancellationTokenSource> _inFlight = [];
    private TaskCompletionSource? _drained;
    private volatile EffectiveJob _effective;

    protected JobHandler(JobDefinition definition, string source, string version)
    {
        Declared = definition;
        _effective = EffectiveJob.Declared(definition);
        Source = source;
        Version = version;
    }

    /// <summary>The job in force: its declaration with the configuration's overrides (<see cref="Effective"/>).</summary>
    public JobDefinition Definition => _effective.Definition;

    /// <summary>The job as its source declares it.</summary>
    public JobDefinition Declared { get; }

    /// <summary>The declaration with the configuration applied, set by the catalog (<see cref="JobSettings"/>).</summary>
    public EffectiveJob Effective
    {
        get => _effective;
        internal set => _effective = value;
    }

    /// <summary>Where the job comes from: <c>plugin:NAME</c>, <c>script:PATH</c> or <c>app</c>.</summary>
    public string Source { get; }

    /// <summary>The version that runs: informational version and/or content hash.</summary>
    public string Version { get; }

    public int InFlight
    {
        get { lock (_gate) { return _inFlight.Count; } }
    }

    /// <summary>Creates the job instance, runs it once and disposes it.</summary>
    public abstract Task RunAsync(JobContext context, CancellationToken cancellationToken);

    /// <summary>Registers a run of this handler; the returned token is cancelled by <see cref="CancelInFlight"/>.</summary>
    public RunRegistration Enter(CancellationToken runToken)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        lock (_gate)
        {
            _inFlight.Add(cts);
        }
        return new RunRegistration(this, cts);
    }

    /// <summary>Completes when no run of this handler is in flight.</summary>
    public Task WhenDrained()
    {
        lock (_gate)
        {
            if (_inFlight.Count == 0)
            {
                return Task.CompletedTask;
            }
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    /// <summary>Cancels every run of this handler still in flight (after a drain grace has passed).</summary>
    public void CancelInFlight()
    {
        CancellationTokenSource[] all;
        lock (_gate)
        {
            all = [.. _inFlight];
        }
        foreach (var cts in all)
        {
            try
            {
                cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended between the snapshot and the cancel.
            }
        }
    }

    private void Exit(CancellationTokenSource cts)
    {
        TaskCompletionSource? drained = null;
        lock (_gate)
        {
            _inFlight.Remove(cts);
            if (_inFlight.Count == 0)
            {
                drained = _drained;
                _drained = null;
            }
        }
        cts.Dispose();
        drained?.TrySetResult();
    }

    internal sealed class RunRegistration(JobHandler owner, CancellationTokenSource cts) : IDisposable
    {
        public CancellationToken Token { get; } = cts.Token;

        public void Dispose() => owner.Exit(cts);
    }
}
