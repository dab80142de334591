namespace Kairos.Host.Storage.Catalog;

/// <summary>A trigger as kept in the store, with the state the scheduler advances.</summary>
internal sealed class StoredTrigger
{
    /// <summary><c>jobId/key</c>.</summary>
    public required string Id { get; set; }
    public required string JobId { get; set; }
    public required TriggerSpec Spec { get; set; }
    /// <summary><c>declared</c> (from the job's declaration, reconciled at load) or <c>dynamic</c> (added at run time).</summary>
    public required TriggerOrigin Origin { get; set; }
    /// <summary>The next scheduled instant; <see langword="null"/> when the trigger will never fire again.</summary>
    public DateTimeOffset? NextFireUtc { get; set; }
    public DateTimeOffset? LastFireUtc { get; set; }

    public static string MakeId(string jobId, string key) => jobId + "/" + key;
}
