namespace Kairos.Host.Storage;

/// <summary>A job as kept in the store: its last declaration, where it came from, and whether it is paused.</summary>
internal sealed class StoredJob
{
    public required string Id { get; set; }
    public string Description { get; set; } = "";
    public required string Source { get; set; }
    public string? Version { get; set; }
    public JobPolicies Policies { get; set; } = JobPolicies.Default;
    public bool Paused { get; set; }
    public string? PauseReason { get; set; }
    public DateTimeOffset UpdatedUtc { get; set; }
}
