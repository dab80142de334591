using System.Threading.Channels;

namespace Kairos.Tests.Fakes;

/// <summary>
/// Lets a test see and steer the runs of its test jobs: every run reports its context here, and can be held until
/// the test releases it. One per test host (a DI singleton), so tests in parallel do not see each other's runs.
/// </summary>
public sealed class JobProbe
{
    private readonly Channel<JobContext> _started = Channel.CreateUnbounded<JobContext>();
    private readonly Channel<JobContext> _ended = Channel.CreateUnbounded<JobContext>();

    /// <summary>Runs wait on this gate before returning (replace it to hold the runs that start from then on).</summary>
    public TaskCompletionSource Gate { get; set; } = Completed();

    public Func<JobContext, Exception?> Fail { get; set; } = _ => null;

    public int Started => _startedCount;

    private int _startedCount;

    public async Task OnRunAsync(JobContext context, CancellationToken token, bool ignoreToken = false)
    {
        // The gate is taken before the start is reported: a test that replaces it once it has seen the start changes
        // the runs that start later, never this one (read after the report, it raced with the test's assignment).
        var gate = Gate;
        Interlocked.Increment(ref _startedCount);
        await _started.Writer.WriteAsync(context, CancellationToken.None);
        try
        {
            if (ignoreToken)
            {
                await gate.Task;
            }
            else
            {
                await gate.Task.WaitAsync(token);
            }
            if (Fail(context) is { } error)
            {
                throw error;
            }
        }
        finally
        {
            await _ended.Writer.WriteAsync(context, CancellationToken.None);
        }
    }

    public Task<JobContext> NextStartAsync() => _started.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    public Task<JobContext> NextEndAsync() => _ended.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));

    public static TaskCompletionSource Completed()
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        tcs.SetResult();
        return tcs;
    }

    public static TaskCompletionSource Held() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
