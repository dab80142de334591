using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Catalog;

/// <summary>A job as its source declares it: id, description, policies and default triggers.</summary>
internal sealed record JobDefinition(
    string Id,
    string Description,
    JobPolicies Policies,
    IReadOnlyList<TriggerSpec> Triggers)
{
    /// <summary>The configuration key of the setting that must be <c>true</c> for the job to run; null or empty: always runs.</summary>
    public string? EnabledWhen { get; init; }

    /// <summary>The run-once key (#16): the job has no trigger and runs once per store under it; null when it is not run-once.</summary>
    public string? RunOnce { get; init; }
}
