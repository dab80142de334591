namespace Kairos.Host.Storage;

/// <summary>Where a stored trigger comes from.</summary>
internal static class TriggerOrigin
{
    /// <summary>From the job's declaration; reconciled at every load.</summary>
    public const string Declared = "declared";

    /// <summary>Added at run time through <see cref="IJobTriggers"/> or the CLI; kept until removed.</summary>
    public const string Dynamic = "dynamic";
}
