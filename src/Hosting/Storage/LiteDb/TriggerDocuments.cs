using Kairos.Host.Storage.Catalog;
using LiteDB;
using static Kairos.Host.Storage.LiteDb.BsonFields;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// A <see cref="StoredTrigger"/> and its <see cref="TriggerSpec"/> (the <see cref="TriggerSpecShape"/> field names) as
/// LiteDB documents, written by hand: the same fields, order and types the reflection mapper wrote, at a fraction of
/// its cost per trigger (registering many triggers writes one document each).
/// </summary>
internal static class TriggerDocuments
{
    public static BsonDocument ToDocument(StoredTrigger trigger)
    {
        var doc = new BsonDocument
        {
            ["_id"] = trigger.Id is { } id ? new BsonValue(id) : BsonValue.Null,
        };
        Add(doc, "JobId", trigger.JobId);
        if (trigger.Spec is { } spec)
        {
            doc.Add("Spec", ToDocument(spec));
        }
        doc.Add("Origin", Word(trigger.Origin));
        Add(doc, "NextFireUtc", trigger.NextFireUtc);
        Add(doc, "LastFireUtc", trigger.LastFireUtc);
        return doc;
    }

    public static StoredTrigger ToTrigger(BsonDocument doc) => new()
    {
        Id = String(doc, "_id")!,
        JobId = String(doc, "JobId")!,
        Spec = doc.TryGetValue("Spec", out var spec) && spec.IsDocument ? ToSpec(spec.AsDocument) : null!,
        Origin = Worded<TriggerOrigin>(doc, "Origin") ?? default,
        NextFireUtc = Instant(doc, "NextFireUtc"),
        LastFireUtc = Instant(doc, "LastFireUtc"),
    };

    public static BsonDocument ToDocument(TriggerSpec spec)
    {
        var doc = new BsonDocument();
        Add(doc, "Key", spec.Key);
        doc.Add("Kind", Name(spec.Kind));
        Add(doc, "CronExpression", spec.CronExpression);
        Add(doc, "Period", spec.Period);
        Add(doc, "RunAtUtc", spec.RunAtUtc);
        Add(doc, "TimeZone", spec.TimeZone);
        Add(doc, "StartUtc", spec.StartUtc);
        Add(doc, "EndUtc", spec.EndUtc);
        doc.Add("Misfire", Name(spec.Misfire));
        doc.Add("Priority", new BsonValue(spec.Priority));
        Add(doc, "DataJson", spec.DataJson);
        Add(doc, "Jitter", spec.Jitter);
        if (spec.Calendars.Count > 0)
        {
            doc.Add("Calendars", Strings(spec.Calendars));
        }
        return doc;
    }

    /// <summary>The defaults a missing field keeps: <see cref="TriggerSpecShape"/>'s, stated there once.</summary>
    private static readonly TriggerSpecShape Missing = new();

    /// <summary>As <see cref="TriggerSpecShape"/> read it: a missing field keeps the shape's default.</summary>
    public static TriggerSpec ToSpec(BsonDocument doc) => new()
    {
        Key = String(doc, "Key", Missing.Key),
        Kind = Named<TriggerKind>(doc, "Kind") ?? default,
        CronExpression = String(doc, "CronExpression"),
        Period = Ticks(doc, "Period"),
        RunAtUtc = Instant(doc, "RunAtUtc"),
        TimeZone = String(doc, "TimeZone", Missing.TimeZone),
        StartUtc = Instant(doc, "StartUtc"),
        EndUtc = Instant(doc, "EndUtc"),
        Misfire = Named<MisfirePolicy>(doc, "Misfire") ?? Missing.Misfire,
        Priority = Int32(doc, "Priority") ?? 0,
        DataJson = String(doc, "DataJson"),
        Jitter = Ticks(doc, "Jitter"),
        Calendars = Strings(doc, "Calendars") is { Count: > 0 } names ? names : [],
    };
}
