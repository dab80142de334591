using System.Globalization;
using Kairos.Host.Text;

namespace Kairos.Testing;

/// <summary>
/// The scheduler a job sees in a test: records every call, in order. <see cref="TriggerAsync"/> returns a new run id
/// (<c>test-run-1</c>, ...) and <see cref="ScheduleOnceAsync"/> a new trigger key; reads answer as a scheduler with
/// no jobs and no runs would, except that <see cref="WaitForRunAsync"/> of a run this scheduler queued returns it
/// <see cref="RunStatus.Succeeded"/>. Data that is not JSON is refused as the host refuses it.
/// </summary>
internal sealed class RecordingScheduler(TimeProvider time) : IScheduler
{
    private readonly Lock _gate = new();
    private readonly List<SchedulerCall> _calls = [];
    private readonly Dictionary<string, SchedulerCall> _queued = new(StringComparer.Ordinal);

    public IReadOnlyList<SchedulerCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public Task<string> TriggerAsync(string jobId, string? dataJson = null, CancellationToken cancellationToken = default)
    {
        JsonText.CheckData(dataJson);
        lock (_gate)
        {
            var runId = "test-run-" + (_queued.Count + 1).ToString(CultureInfo.InvariantCulture);
            var call = new SchedulerCall(nameof(TriggerAsync), jobId) { DataJson = dataJson, Result = runId };
            _queued[runId] = call;
            _calls.Add(call);
            return Task.FromResult(runId);
        }
    }

    public Task<string> ScheduleOnceAsync(string jobId, DateTimeOffset runAtUtc, string? dataJson = null, CancellationToken cancellationToken = default)
    {
        JsonText.CheckData(dataJson);
        lock (_gate)
        {
            var key = "once-test-" + (_calls.Count + 1).ToString(CultureInfo.InvariantCulture);
            _calls.Add(new SchedulerCall(nameof(ScheduleOnceAsync), jobId) { DataJson = dataJson, RunAtUtc = runAtUtc, Result = key });
            return Task.FromResult(key);
        }
    }

    public Task UpsertTriggersAsync(string jobId, IReadOnlyCollection<TriggerSpec> triggers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        Record(new SchedulerCall(nameof(UpsertTriggersAsync), jobId) { Triggers = [.. triggers] });
        return Task.CompletedTask;
    }

    public Task<int> RemoveTriggersAsync(string jobId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        Record(new SchedulerCall(nameof(RemoveTriggersAsync), jobId) { Keys = [.. keys] });
        return Task.FromResult(0);
    }

    public Task PauseAsync(string jobId, string? reason = null, DateTimeOffset? untilUtc = null, CancellationToken cancellationToken = default)
    {
        Record(new SchedulerCall(nameof(PauseAsync), jobId) { Reason = reason, UntilUtc = untilUtc });
        return Task.CompletedTask;
    }

    public Task ResumeAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Record(new SchedulerCall(nameof(ResumeAsync), jobId));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken = default)
    {
        Record(new SchedulerCall(nameof(GetJobsAsync), null));
        return Task.FromResult<IReadOnlyList<JobInfo>>([]);
    }

    public Task<JobInfo?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        Record(new SchedulerCall(nameof(GetJobAsync), jobId));
        return Task.FromResult<JobInfo?>(null);
    }

    public Task<RunPage> GetRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Record(new SchedulerCall(nameof(GetRunsAsync), query.JobId));
        return Task.FromResult(new RunPage { Runs = [] });
    }

    public Task<RunInfo?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        Record(new SchedulerCall(nameof(GetRunAsync), null) { RunId = runId });
        return Task.FromResult<RunInfo?>(null);
    }

    public Task<SchedulerInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        Record(new SchedulerCall(nameof(GetInfoAsync), null));
        return Task.FromResult(new SchedulerInfo { Node = "test", StoreKind = "memory", Store = "test" });
    }

    public Task<RunInfo> WaitForRunAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        SchedulerCall? queued;
        lock (_gate)
        {
            _queued.TryGetValue(runId, out queued);
            _calls.Add(new SchedulerCall(nameof(WaitForRunAsync), queued?.JobId) { RunId = runId });
        }
        if (queued is null)
        {
            throw new ArgumentException($"run '{runId}' does not exist: the test scheduler knows only the runs its TriggerAsync returned", nameof(runId));
        }
        var now = time.GetUtcNow();
        return Task.FromResult(new RunInfo
        {
            Id = runId,
            JobId = queued.JobId!,
            TriggerKey = "manual",
            Status = RunStatus.Succeeded,
            ScheduledUtc = now,
            StartedUtc = now,
            EndedUtc = now,
            Duration = TimeSpan.Zero,
            DataJson = queued.DataJson,
        });
    }

    private void Record(SchedulerCall call)
    {
        lock (_gate)
        {
            _calls.Add(call);
        }
    }

}
