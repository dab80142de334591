namespace Kairos.Host.Storage.Catalog;

/// <summary>Where a stored trigger comes from. Stored as its kebab-case word (<see cref="Text.KebabCase"/>).</summary>
internal enum TriggerOrigin
{
    /// <summary>From the job's declaration; reconciled at every load.</summary>
    Declared,

    /// <summary>Added at run time through <see cref="IJobTriggers"/> or the CLI; kept until removed.</summary>
    Dynamic,
}
