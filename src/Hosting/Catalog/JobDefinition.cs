using Kairos.Host.Storage;

namespace Kairos.Host.Catalog;

/// <summary>A job as its source declares it: id, description, policies and default triggers.</summary>
internal sealed record JobDefinition(
    string Id,
    string Description,
    JobPolicies Policies,
    IReadOnlyList<TriggerSpec> Triggers);
