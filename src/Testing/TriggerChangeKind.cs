namespace Kairos.Testing;

/// <summary>What a job did to one of its triggers through <see cref="JobContext.Triggers"/>.</summary>
public enum TriggerChangeKind
{
    /// <summary>Added or replaced the trigger (<see cref="IJobTriggers.UpsertAsync"/> or <see cref="IJobTriggers.UpsertManyAsync"/>).</summary>
    Upsert,

    /// <summary>Removed the trigger (<see cref="IJobTriggers.RemoveAsync"/>).</summary>
    Remove,
}
