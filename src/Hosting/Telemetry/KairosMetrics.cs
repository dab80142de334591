using System.Diagnostics.Metrics;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;

namespace Kairos.Host.Telemetry;

/// <summary>
/// Kairos's instruments, on a meter named <see cref="KairosTelemetry.MeterName"/> made by the host's
/// <see cref="IMeterFactory"/> (so each host, and each test, has its own). Names and units follow the OpenTelemetry
/// semantic conventions; attributes are kept to bounded values (job id, status, source kind). Every method is cheap
/// without a listener: an instrument nobody listens to is disabled, and no tag is built for it.
/// </summary>
internal sealed class KairosMetrics
{
    private static readonly double[] RunSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];
    private static readonly double[] LatenessSeconds = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
    private static readonly double[] WriteSeconds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];
    private static readonly int[] BatchSizes = [1, 2, 5, 10, 20, 50, 100, 200, 512];

    private readonly Counter<long> _runsEnded;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _startLateness;
    private readonly Counter<long> _misfired;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _retried;
    private readonly Histogram<int> _writeBatchSize;
    private readonly Histogram<double> _writeDuration;
    private readonly Counter<long> _loads;
    private readonly Counter<long> _reloads;
    private readonly Counter<long> _loadFailures;
    private readonly Counter<long> _leaked;
    private readonly Counter<long> _stalls;

    public KairosMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(new MeterOptions(KairosTelemetry.MeterName));
        _runsEnded = Meter.CreateCounter<long>("kairos.runs.ended", "{run}",
            "Runs that ended (succeeded, failed, retrying, timed-out, cancelled, interrupted), by job and status.");
        _runDuration = Meter.CreateHistogram("kairos.run.duration", "s",
            "How long runs ran, from start to end, by job and status.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunSeconds });
        _startLateness = Meter.CreateHistogram("kairos.run.start.lateness", "s",
            "How late runs started: the actual start minus the instant the run was due (its scheduled instant; a retry's backoff end), by job.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LatenessSeconds });
        _misfired = Meter.CreateCounter<long>("kairos.fires.misfired", "{fire}", "Fires recorded misfired (found too late, not run), by job.");
        _skipped = Meter.CreateCounter<long>("kairos.fires.skipped", "{fire}", "Fires recorded skipped (their concurrency key was still running), by job.");
        _retried = Meter.CreateCounter<long>("kairos.runs.retried", "{run}", "Failed attempts that have a retry scheduled, by job.");
        _writeBatchSize = Meter.CreateHistogram("kairos.store.write.batch.size", "{record}",
            "Run records written in one store transaction by the run writer (group commit).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchSizes });
        _writeDuration = Meter.CreateHistogram("kairos.store.write.duration", "s",
            "How long one batch write of run records took in the store.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = WriteSeconds });
        _loads = Meter.CreateCounter<long>("kairos.source.loads", "{version}", "Plugin and script versions loaded for the first time, by source kind.");
        _reloads = Meter.CreateCounter<long>("kairos.source.reloads", "{version}", "Plugin and script versions loaded in place of a running version, by source kind.");
        _loadFailures = Meter.CreateCounter<long>("kairos.source.load.failures", "{failure}",
            "Plugin and script loads that failed (does not load or compile, invalid header), by source kind.");
        _leaked = Meter.CreateCounter<long>("kairos.source.versions.leaked", "{version}",
            "Unloaded plugin and script versions whose load context was not collected (a leak), by source kind.");
        _stalls = Meter.CreateCounter<long>("kairos.scheduler.stalls", "{stall}",
            "Stalls the watchdog saw: the scheduler loop or the dispatcher stayed in one step past the threshold, by part.");
    }

    /// <summary>The meter (named <see cref="KairosTelemetry.MeterName"/>).</summary>
    public Meter Meter { get; }

    /// <summary>Whether fires that were not run (misfired, skipped) are counted: something listens to those counters.</summary>
    public bool CountsFiresNotRun => _misfired.Enabled || _skipped.Enabled;

    /// <summary>A run started: its lateness (<paramref name="run"/> is its started record).</summary>
    public void RunStarted(RunRecord run)
    {
        if (_startLateness.Enabled && run.StartedUtc is { } started)
        {
            _startLateness.Record((started - run.NotBeforeUtc).TotalSeconds, Job(run));
        }
    }

    /// <summary>A run's outcome was recorded: counted by status, with its duration, and as retried when it is retrying.</summary>
    public void RunEnded(RunRecord run)
    {
        if (_runsEnded.Enabled || _runDuration.Enabled)
        {
            var job = Job(run);
            var status = new KeyValuePair<string, object?>(TelemetryTags.RunStatus, run.Status.Word());
            _runsEnded.Add(1, job, status);
            if (run.Duration is { } duration)
            {
                _runDuration.Record(duration.TotalSeconds, job, status);
            }
        }
        if (run.Status == RunStatus.Retrying)
        {
            _retried.Add(1, Job(run));
        }
    }

    /// <summary>A fire was recorded but not run: counted as misfired or skipped by its status.</summary>
    public void FireNotRun(RunRecord run)
    {
        switch (run.Status)
        {
            case RunStatus.Misfired:
                _misfired.Add(1, Job(run));
                break;
            case RunStatus.Skipped:
                _skipped.Add(1, Job(run));
                break;
            default:
                break;
        }
    }

    /// <summary>The run writer wrote <paramref name="records"/> changes in one transaction, taking <paramref name="elapsed"/>.</summary>
    public void BatchWritten(int records, TimeSpan elapsed)
    {
        _writeBatchSize.Record(records);
        _writeDuration.Record(elapsed.TotalSeconds);
    }

    /// <summary>A version of a source of <paramref name="kind"/> (<c>plugin</c>, <c>script</c>) was loaded; <paramref name="replaces"/>: a version was running.</summary>
    public void VersionLoaded(string kind, bool replaces) => (replaces ? _reloads : _loads).Add(1, Kind(kind));

    /// <summary>A load of a source of <paramref name="kind"/> failed.</summary>
    public void LoadFailed(string kind) => _loadFailures.Add(1, Kind(kind));

    /// <summary>An unloaded version of a source of <paramref name="kind"/> was not collected.</summary>
    public void VersionLeaked(string kind) => _leaked.Add(1, Kind(kind));

    /// <summary>The watchdog saw <paramref name="part"/> (<c>scheduler-loop</c>, <c>dispatcher</c>) stall.</summary>
    public void Stalled(string part) => _stalls.Add(1, new KeyValuePair<string, object?>(TelemetryTags.SchedulerPart, part));

    /// <summary>Observes how many parts of the scheduler are stalled now (0 when all advance), read at each collection.</summary>
    public void ObserveStalled(Func<int> stalled) =>
        Meter.CreateObservableGauge("kairos.scheduler.stalled", stalled, "{part}", "Parts of the scheduler (loop, dispatcher) stalled now, as the watchdog last saw them.");

    /// <summary>Observes the dispatcher's queue and slots: ready runs, running runs and free slots, read at each collection.</summary>
    public void ObserveRuns(Func<int> ready, Func<int> running, Func<int> freeSlots)
    {
        Meter.CreateObservableGauge("kairos.runs.ready", ready, "{run}", "Claimed runs queued on this node, waiting for their instant or a slot.");
        Meter.CreateObservableGauge("kairos.runs.running", running, "{run}", "Runs whose code is running on this node (the slots in use).");
        Meter.CreateObservableGauge("kairos.slots.free", freeSlots, "{slot}", "Free slots on this node: the concurrency limit minus the runs running.");
    }

    private static KeyValuePair<string, object?> Job(RunRecord run) => new(TelemetryTags.JobId, run.JobId);

    private static KeyValuePair<string, object?> Kind(string kind) => new(TelemetryTags.SourceKind, kind);
}
