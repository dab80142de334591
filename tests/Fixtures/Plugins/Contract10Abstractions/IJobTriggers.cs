namespace Kairos;

/// <summary>
/// The triggers of the running job. Changes are written to the store at once and picked up by the scheduler
/// (on every host of a cluster) within a second.
/// </summary>
public interface IJobTriggers
{
    /// <summary>Lists the job's triggers as they are in the store now.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Every trigger of the job, declared or added at run time.</returns>
    Task<IReadOnlyList<TriggerSpec>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds the trigger, or replaces the trigger with the same <see cref="TriggerSpec.Key"/>. Replacing a trigger
    /// whose schedule is unchanged keeps its next fire time.
    /// </summary>
    /// <param name="trigger">The trigger; it is validated and an <see cref="ArgumentException"/> quotes what is wrong.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the trigger is stored.</returns>
    Task UpsertAsync(TriggerSpec trigger, CancellationToken cancellationToken);

    /// <summary>
    /// Adds or replaces several triggers in one store write: much faster than one <see cref="UpsertAsync"/> each when
    /// there are hundreds (per-entity triggers synchronised from a table, a backlog of one-shot fires). Every trigger
    /// is validated first and none is written if one is invalid; keys must be distinct.
    /// </summary>
    /// <param name="triggers">The triggers; an <see cref="ArgumentException"/> quotes the first invalid one.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when every trigger is stored.</returns>
    async Task UpsertManyAsync(IReadOnlyCollection<TriggerSpec> triggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        foreach (var trigger in triggers)
        {
            await UpsertAsync(trigger, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes the trigger with this key; its run history stays.</summary>
    /// <param name="key">The trigger key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when a trigger was removed.</returns>
    Task<bool> RemoveAsync(string key, CancellationToken cancellationToken);
}
