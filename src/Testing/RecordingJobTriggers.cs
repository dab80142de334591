using Kairos.Host.Catalog;

namespace Kairos.Testing;

/// <summary>
/// The job's triggers in a test: kept in memory, validated as the host validates them (an invalid trigger throws the
/// host's <see cref="ArgumentException"/>), and every change recorded in order.
/// </summary>
internal sealed class RecordingJobTriggers(string jobId, IEnumerable<TriggerSpec> existing) : IJobTriggers
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TriggerSpec> _triggers = existing.ToDictionary(t => t.Key, StringComparer.Ordinal);
    private readonly List<TriggerChange> _changes = [];

    public IReadOnlyList<TriggerChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    public Task<IReadOnlyList<TriggerSpec>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<TriggerSpec>>([.. _triggers.Values.OrderBy(t => t.Key, StringComparer.Ordinal)]);
        }
    }

    public Task UpsertAsync(TriggerSpec trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trigger);
        return UpsertManyAsync([trigger], cancellationToken);
    }

    public Task UpsertManyAsync(IReadOnlyCollection<TriggerSpec> triggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trigger in triggers)
        {
            if (trigger is null)
            {
                throw new ArgumentException($"job '{jobId}': a trigger of the {triggers.Count} given is null", nameof(triggers));
            }
            if (TriggerValidation.Validate(trigger) is { } error)
            {
                throw new ArgumentException($"job '{jobId}': {error}", nameof(triggers));
            }
            if (!keys.Add(trigger.Key))
            {
                throw new ArgumentException($"job '{jobId}': trigger key '{trigger.Key}' appears twice in one upsert; keys must be distinct", nameof(triggers));
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            foreach (var trigger in triggers)
            {
                _triggers[trigger.Key] = trigger;
                _changes.Add(new TriggerChange(TriggerChangeKind.Upsert, trigger.Key, trigger));
            }
        }
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _changes.Add(new TriggerChange(TriggerChangeKind.Remove, key, null));
            return Task.FromResult(_triggers.Remove(key));
        }
    }
}
