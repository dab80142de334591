using System.Text.Json.Serialization;
using LiteDB;

namespace Kairos.Host.Storage.Catalog;

/// <summary>
/// The stored form of a <see cref="TriggerSpec"/>: LiteDB's <c>Spec</c> document and PostgreSQL's <c>spec</c> JSON.
/// Each field's name is pinned here, so that renaming a property of the public <see cref="TriggerSpec"/> cannot
/// change what the stores hold (the names are those the stores wrote by reflection before this shape existed).
/// </summary>
internal sealed class TriggerSpecShape
{
    [BsonField("Key"), JsonPropertyName("Key")]
    public string Key { get; set; } = "default";

    [BsonField("Kind"), JsonPropertyName("Kind")]
    public TriggerKind Kind { get; set; }

    [BsonField("CronExpression"), JsonPropertyName("CronExpression")]
    public string? CronExpression { get; set; }

    [BsonField("Period"), JsonPropertyName("Period")]
    public TimeSpan? Period { get; set; }

    [BsonField("RunAtUtc"), JsonPropertyName("RunAtUtc")]
    public DateTimeOffset? RunAtUtc { get; set; }

    [BsonField("TimeZone"), JsonPropertyName("TimeZone")]
    public string TimeZone { get; set; } = "UTC";

    [BsonField("StartUtc"), JsonPropertyName("StartUtc")]
    public DateTimeOffset? StartUtc { get; set; }

    [BsonField("EndUtc"), JsonPropertyName("EndUtc")]
    public DateTimeOffset? EndUtc { get; set; }

    [BsonField("Misfire"), JsonPropertyName("Misfire")]
    public MisfirePolicy Misfire { get; set; } = MisfirePolicy.FireOnce;

    [BsonField("Priority"), JsonPropertyName("Priority")]
    public int Priority { get; set; }

    [BsonField("DataJson"), JsonPropertyName("DataJson")]
    public string? DataJson { get; set; }

    // Added for jitter and calendars: absent when not set, so the triggers stored before them keep their form.
    [BsonField("Jitter"), JsonPropertyName("Jitter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TimeSpan? Jitter { get; set; }

    [BsonField("Calendars"), JsonPropertyName("Calendars"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<string>? Calendars { get; set; }

    public static TriggerSpecShape From(TriggerSpec spec) => new()
    {
        Key = spec.Key, Kind = spec.Kind, CronExpression = spec.CronExpression, Period = spec.Period, RunAtUtc = spec.RunAtUtc,
        TimeZone = spec.TimeZone, StartUtc = spec.StartUtc, EndUtc = spec.EndUtc, Misfire = spec.Misfire, Priority = spec.Priority,
        DataJson = spec.DataJson, Jitter = spec.Jitter, Calendars = spec.Calendars.Count == 0 ? null : [.. spec.Calendars],
    };

    public TriggerSpec ToSpec() => new()
    {
        Key = Key, Kind = Kind, CronExpression = CronExpression, Period = Period, RunAtUtc = RunAtUtc,
        TimeZone = TimeZone, StartUtc = StartUtc, EndUtc = EndUtc, Misfire = Misfire, Priority = Priority,
        DataJson = DataJson, Jitter = Jitter, Calendars = Calendars is { Count: > 0 } names ? [.. names] : [],
    };
}
