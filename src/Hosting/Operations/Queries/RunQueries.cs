using Kairos.Host.Execution;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;

namespace Kairos.Host.Operations.Queries;

/// <summary>
/// Reading runs: pages of history, one run, the runs in progress, and waiting for a run to end. In a host, each read
/// first lets the host's run writer (<see cref="RunWriter"/>) write the starts and outcomes it holds, so a read sees every
/// run change this host made before it: a job whose code has begun is listed running.
/// </summary>
internal sealed class RunQueries(IRunHistory store, JobLookup jobs, RunEndSignal runEnds, TimeProvider time, RunWriter? writer = null)
{
    /// <summary>The longest a read waits for the run writer (which retries a store that is briefly unreachable) before it reads anyway.</summary>
    private static readonly TimeSpan OwnWritesWait = TimeSpan.FromSeconds(2);

    /// <summary>The most runs in progress that <see cref="Running"/> lists.</summary>
    internal const int RunningShown = 1000;

    /// <summary>
    /// How often a wait re-reads the store when no outcome is written on this host: a run that ends on another node of a
    /// cluster (or is recorded interrupted by recovery) is seen within this.
    /// </summary>
    internal static readonly TimeSpan WaitPoll = TimeSpan.FromSeconds(1);

    /// <summary>The runs in progress on every node.</summary>
    public IReadOnlyList<RunRecord> Running() => Store().Query(null, RunStatus.Running, RunningShown);

    public Task<RunPage> GetRunsAsync(RunQuery query, CancellationToken cancellationToken = default)
    {
        var (runs, next) = QueryRuns(query);
        return Task.FromResult(new RunPage { Runs = [.. runs.Select(r => ToInfo(r, withLog: false))], NextPageToken = next });
    }

    /// <summary>
    /// One page of run records for <paramref name="query"/>, newest first, and the token of the next page (null on the
    /// last). A job id that the store has neither as a job nor in its history is refused on the first page (a typo would
    /// otherwise look like a job that never ran); the history of a removed job is still read.
    /// </summary>
    internal (IReadOnlyList<RunRecord> Runs, string? NextPageToken) QueryRuns(RunQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit is < 1 or > KairosScheduler.MaxPage)
        {
            throw new ArgumentException($"limit {query.Limit} is invalid: expected 1 to {KairosScheduler.MaxPage}", nameof(query));
        }
        if (query.FromUtc is { } from && query.ToUtc is { } to && to <= from)
        {
            throw new ArgumentException($"to {to:O} is not after from {from:O}: expected a time range that is not empty", nameof(query));
        }
        var before = query.PageToken is null ? null : PageToken.RunIdOf(query.PageToken);
        var filter = new RunFilter(query.JobId, query.Status, query.TriggerKey, query.FromUtc, query.ToUtc);
        var runs = Store();
        var found = runs.QueryPage(filter, before, query.Limit + 1);
        if (found.Count == 0 && before is null && query.JobId is { } jobId && !jobs.Exists(jobId)
            && runs.QueryPage(new RunFilter(jobId), null, 1).Count == 0)
        {
            throw jobs.Unknown(jobId);
        }
        return found.Count > query.Limit
            ? ([.. found.Take(query.Limit)], PageToken.For(found[query.Limit - 1].Id))
            : (found, null);
    }

    public Task<RunInfo?> GetRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return Task.FromResult(Store().GetRun(runId) is { } run ? ToInfo(run, withLog: true) : null);
    }

    public async Task<RunInfo> WaitForRunAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runId);
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "expected a positive timeout or Timeout.InfiniteTimeSpan");
        }
        using var deadline = timeout == Timeout.InfiniteTimeSpan
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        var runs = Store();
        while (true)
        {
            // Taken before the read: an outcome written between the read and the wait still wakes it.
            var ended = runEnds.Next();
            var run = runs.GetRun(runId)
                ?? throw new ArgumentException($"unknown run '{runId}': the store has no run record with this id", nameof(runId));
            if (run.Status.IsTerminal())
            {
                return ToInfo(run, withLog: true);
            }
            try
            {
                await ended.WaitAsync(WaitPoll, time, linked.Token).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The coarse poll: read the store again.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                var status = runs.GetRun(runId)?.Status;
                if (status is { } now && now.IsTerminal())
                {
                    return ToInfo(runs.GetRun(runId)!, withLog: true);
                }
                throw new TimeoutException($"run '{runId}' had not ended after {timeout}: it is {status?.Word() ?? "gone"}");
            }
        }
    }

    /// <summary>The store, once the run changes this host made before now are written (at most <see cref="OwnWritesWait"/> later).</summary>
    private IRunHistory Store()
    {
        writer?.WrittenAsync().Wait(OwnWritesWait);
        return store;
    }

    internal static RunInfo ToInfo(RunRecord run, bool withLog) => new()
    {
        Id = run.Id,
        JobId = run.JobId,
        TriggerKey = run.TriggerKey,
        Status = run.Status,
        Attempt = run.Attempt,
        ScheduledUtc = run.ScheduledUtc,
        StartedUtc = run.StartedUtc,
        EndedUtc = run.EndedUtc,
        Duration = run.Duration,
        Node = run.Node,
        Version = run.Version,
        DataJson = run.DataJson,
        Origin = run.Origin,
        ErrorType = run.ErrorType,
        ErrorMessage = run.ErrorMessage,
        ErrorStackTrace = run.ErrorStack,
        Log = withLog ? run.Log : [],
    };
}
