using Kairos.Host.Storage.Runs;
using LiteDB;
using static Kairos.Host.Storage.LiteDb.BsonFields;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// A <see cref="RunRecord"/> and a <see cref="RunBatch"/> as LiteDB documents, written by hand: the same fields, order
/// and types the reflection mapper wrote (<see cref="RunRecord.Duration"/> left out), at a fraction of its cost per run.
/// </summary>
internal static class RunDocuments
{
    public static BsonDocument ToDocument(RunRecord run)
    {
        var doc = new BsonDocument
        {
            ["_id"] = run.Id is { } id ? new BsonValue(id) : BsonValue.Null,
        };
        Add(doc, "JobId", run.JobId);
        Add(doc, "TriggerKey", run.TriggerKey);
        Add(doc, "ConcurrencyKey", run.ConcurrencyKey);
        doc.Add("ScheduledUtc", Instant(run.ScheduledUtc));
        doc.Add("NotBeforeUtc", Instant(run.NotBeforeUtc));
        Add(doc, "StartedUtc", run.StartedUtc);
        Add(doc, "EndedUtc", run.EndedUtc);
        doc.Add("Status", Word(run.Status));
        doc.Add("Attempt", new BsonValue(run.Attempt));
        doc.Add("Priority", new BsonValue(run.Priority));
        Add(doc, "Node", run.Node);
        Add(doc, "Version", run.Version);
        Add(doc, "DataJson", run.DataJson);
        Add(doc, "ErrorType", run.ErrorType);
        Add(doc, "ErrorMessage", run.ErrorMessage);
        Add(doc, "ErrorStack", run.ErrorStack);
        if (run.Log is { } log)
        {
            doc.Add("Log", Strings(log));
        }
        Add(doc, "LeaseExpiresUtc", run.LeaseExpiresUtc);
        doc.Add("Fence", new BsonValue(run.Fence));
        Add(doc, "CancelRequestedUtc", run.CancelRequestedUtc);
        Add(doc, "CancelRequestedBy", run.CancelRequestedBy);
        doc.Add("HostDeaths", new BsonValue(run.HostDeaths));
        Add(doc, "TraceParent", run.TraceParent);
        Add(doc, "TraceState", run.TraceState);
        doc.Add("Origin", Word(run.Origin));
        Add(doc, "MaxParallel", run.MaxParallel);
        return doc;
    }

    /// <summary>As the reflection mapper read it: a missing field keeps the record's default.</summary>
    public static RunRecord ToRun(BsonDocument doc) => new()
    {
        Id = String(doc, "_id")!,
        JobId = String(doc, "JobId")!,
        TriggerKey = String(doc, "TriggerKey")!,
        ConcurrencyKey = String(doc, "ConcurrencyKey")!,
        ScheduledUtc = Instant(doc, "ScheduledUtc") ?? default,
        NotBeforeUtc = Instant(doc, "NotBeforeUtc") ?? default,
        StartedUtc = Instant(doc, "StartedUtc"),
        EndedUtc = Instant(doc, "EndedUtc"),
        Status = Worded<RunStatus>(doc, "Status") ?? default,
        Attempt = Int32(doc, "Attempt") ?? 1,
        Priority = Int32(doc, "Priority") ?? 0,
        Node = String(doc, "Node"),
        Version = String(doc, "Version"),
        DataJson = String(doc, "DataJson"),
        ErrorType = String(doc, "ErrorType"),
        ErrorMessage = String(doc, "ErrorMessage"),
        ErrorStack = String(doc, "ErrorStack"),
        Log = Strings(doc, "Log") ?? (IReadOnlyList<string>)[],
        LeaseExpiresUtc = Instant(doc, "LeaseExpiresUtc"),
        Fence = Int64(doc, "Fence") ?? 0,
        CancelRequestedUtc = Instant(doc, "CancelRequestedUtc"),
        CancelRequestedBy = String(doc, "CancelRequestedBy"),
        HostDeaths = Int32(doc, "HostDeaths") ?? 0,
        TraceParent = String(doc, "TraceParent"),
        TraceState = String(doc, "TraceState"),
        Origin = Worded<RunOrigin>(doc, "Origin") ?? default,
        MaxParallel = Int32(doc, "MaxParallel"),
    };

    public static BsonDocument ToDocument(RunBatch batch)
    {
        var runs = new BsonArray();
        foreach (var run in batch.Runs)
        {
            runs.Add(ToDocument(run));
        }
        var doc = new BsonDocument
        {
            ["_id"] = batch.Id is { } id ? new BsonValue(id) : BsonValue.Null,
        };
        Add(doc, "Last", batch.Last);
        doc.Add("FromUtc", Instant(batch.FromUtc));
        doc.Add("ToUtc", Instant(batch.ToUtc));
        doc.Add("Runs", runs);
        return doc;
    }

    public static RunBatch ToBatch(BsonDocument doc)
    {
        var batch = new RunBatch
        {
            Id = String(doc, "_id", ""),
            Last = String(doc, "Last", ""),
            FromUtc = Instant(doc, "FromUtc") ?? default,
            ToUtc = Instant(doc, "ToUtc") ?? default,
        };
        if (doc.TryGetValue("Runs", out var runs) && runs.IsArray)
        {
            batch.Runs = new List<RunRecord>(runs.AsArray.Count);
            foreach (var run in runs.AsArray)
            {
                batch.Runs.Add(ToRun(run.AsDocument));
            }
        }
        return batch;
    }
}
