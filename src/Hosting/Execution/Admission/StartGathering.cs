namespace Kairos.Host.Execution.Admission;

/// <summary>
/// Group commit for starts on a store where a start is a round trip (PostgreSQL: one transaction per batch, whatever
/// its size). Right after a start batch, runs due and waiting for a slot do not start in a batch smaller than it could
/// be while runs of that batch are still to return: the slots those free usually come within a moment, and a batch of
/// one sent meanwhile makes the others wait for its round trip. The next batch goes as soon as it takes every due run
/// or every slot, once every run of the last batch has returned here, and at the latest <c>window</c> after the last
/// batch's starts were written; never later. A zero window starts at once (an exclusive store starts in memory).
/// Not thread-safe: <see cref="RunAdmission"/> calls it under the dispatch lock.
/// </summary>
internal sealed class StartGathering(TimeSpan window)
{
    private string[] _lastBatch = [];
    private DateTimeOffset _until = DateTimeOffset.MinValue;

    /// <summary>False for a zero window: every batch starts at once and nothing is kept.</summary>
    public bool Gathers => window > TimeSpan.Zero;

    /// <summary>While due runs are held back (<see cref="MayStart"/> said no): the instant they start at the latest.</summary>
    public DateTimeOffset? WithheldUntil { get; private set; }

    /// <summary>A batch of <paramref name="runIds"/> was started; its starts were written by <paramref name="at"/>.</summary>
    public void Started(IReadOnlyList<string> runIds, DateTimeOffset at)
    {
        if (!Gathers || runIds.Count == 0)
        {
            return;
        }
        _lastBatch = [.. runIds];
        _until = at + window;
    }

    /// <summary>A dispatch begins: nothing is held back until it says so.</summary>
    public void Begin() => WithheldUntil = null;

    /// <summary>
    /// True when a batch of up to <paramref name="free"/> runs may start at <paramref name="now"/> with
    /// <paramref name="due"/> runs due (<paramref name="allFree"/>: no run holds a slot here;
    /// <paramref name="returned"/>: whether a run of the last batch has returned here). False holds them back until
    /// <see cref="WithheldUntil"/> or until a run returns and asks again.
    /// </summary>
    public bool MayStart(int free, int due, bool allFree, DateTimeOffset now, Func<string, bool> returned)
    {
        if (!Gathers || free >= due || allFree || now >= _until || Array.TrueForAll(_lastBatch, id => returned(id)))
        {
            return true;
        }
        WithheldUntil = _until;
        return false;
    }
}
