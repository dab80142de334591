using Kairos.Host.Storage.Catalog;
using LiteDB;
using static Kairos.Host.Storage.LiteDb.BsonFields;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// A <see cref="StoredJob"/> and its <see cref="JobPolicies"/> (the <see cref="JobPoliciesShape"/> field names) as
/// LiteDB documents, written by hand: the same fields, order and types the reflection mapper wrote (<see cref="StoredJob.Held"/> left out).
/// </summary>
internal static class JobDocuments
{
    public static BsonDocument ToDocument(StoredJob job)
    {
        var doc = new BsonDocument
        {
            ["_id"] = job.Id is { } id ? new BsonValue(id) : BsonValue.Null,
        };
        Add(doc, "Description", job.Description);
        Add(doc, "Source", job.Source);
        Add(doc, "Version", job.Version);
        if (job.Policies is { } policies)
        {
            doc.Add("Policies", ToDocument(policies));
        }
        doc.Add("Paused", new BsonValue(job.Paused));
        Add(doc, "PauseReason", job.PauseReason);
        Add(doc, "PausedBy", job.PausedBy);
        Add(doc, "PausedUntilUtc", job.PausedUntilUtc);
        Add(doc, "DisabledReason", job.DisabledReason);
        Add(doc, "DisabledBy", job.DisabledBy);
        Add(doc, "DisabledByOperatorReason", job.DisabledByOperatorReason);
        doc.Add("UpdatedUtc", Instant(job.UpdatedUtc));
        return doc;
    }

    /// <summary>As the reflection mapper read it: a missing field keeps the job's default.</summary>
    public static StoredJob ToJob(BsonDocument doc) => new()
    {
        Id = String(doc, "_id")!,
        Description = String(doc, "Description", ""),
        Source = String(doc, "Source")!,
        Version = String(doc, "Version"),
        Policies = doc.TryGetValue("Policies", out var policies) && policies.IsDocument ? ToPolicies(policies.AsDocument) : JobPolicies.Default,
        Paused = Boolean(doc, "Paused") ?? false,
        PauseReason = String(doc, "PauseReason"),
        PausedBy = String(doc, "PausedBy"),
        PausedUntilUtc = Instant(doc, "PausedUntilUtc"),
        DisabledReason = String(doc, "DisabledReason"),
        DisabledBy = String(doc, "DisabledBy"),
        DisabledByOperatorReason = String(doc, "DisabledByOperatorReason"),
        UpdatedUtc = Instant(doc, "UpdatedUtc") ?? default,
    };

    public static BsonDocument ToDocument(JobPolicies policies)
    {
        var doc = new BsonDocument
        {
            ["Overlap"] = Name(policies.Overlap),
            ["MaxConcurrency"] = new BsonValue(policies.MaxConcurrency),
            ["Scope"] = Name(policies.Scope),
            ["MaxAttempts"] = new BsonValue(policies.MaxAttempts),
            ["RetryBackoff"] = Ticks(policies.RetryBackoff),
        };
        Add(doc, "Timeout", policies.Timeout);
        doc.Add("Recovery", Name(policies.Recovery));
        doc.Add("RetentionCount", new BsonValue(policies.RetentionCount));
        Add(doc, "RetentionAge", policies.RetentionAge);
        Add(doc, "PauseAfterFailures", policies.PauseAfterFailures > 0 ? policies.PauseAfterFailures : null);
        Add(doc, "OnSuccess", policies.OnSuccess is { Length: > 0 } onSuccess ? onSuccess : null);
        Add(doc, "OnFailure", policies.OnFailure is { Length: > 0 } onFailure ? onFailure : null);
        return doc;
    }

    /// <summary>The defaults a missing field keeps: <see cref="JobPoliciesShape"/>'s, stated there once.</summary>
    private static readonly JobPoliciesShape Missing = new();

    /// <summary>As <see cref="JobPoliciesShape"/> read it: a missing field keeps the shape's default.</summary>
    public static JobPolicies ToPolicies(BsonDocument doc) => new()
    {
        Overlap = Named<OverlapPolicy>(doc, "Overlap") ?? Missing.Overlap,
        MaxConcurrency = Int32(doc, "MaxConcurrency") ?? Missing.MaxConcurrency,
        Scope = Named<ConcurrencyScope>(doc, "Scope") ?? Missing.Scope,
        MaxAttempts = Int32(doc, "MaxAttempts") ?? Missing.MaxAttempts,
        RetryBackoff = Ticks(doc, "RetryBackoff") ?? Missing.RetryBackoff,
        Timeout = Ticks(doc, "Timeout"),
        Recovery = Named<RecoveryPolicy>(doc, "Recovery") ?? Missing.Recovery,
        RetentionCount = Int32(doc, "RetentionCount") ?? 0,
        RetentionAge = Ticks(doc, "RetentionAge"),
        PauseAfterFailures = Int32(doc, "PauseAfterFailures") ?? 0,
        OnSuccess = String(doc, "OnSuccess", ""),
        OnFailure = String(doc, "OnFailure", ""),
    };
}
