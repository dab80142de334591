using Kairos.Host.Text;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// The stored form of one field, written and read by hand (<see cref="KairosBsonMapper"/>) exactly as LiteDB's reflection
/// mapper with our rules did: instants as UTC dates (milliseconds), durations as ticks, enums by name or by word, a null
/// field left out; a missing field reads as the property's default.
/// </summary>
internal static class BsonFields
{
    public static void Add(BsonDocument doc, string name, string? value)
    {
        if (value is not null)
        {
            doc.Add(name, new BsonValue(value));
        }
    }

    public static void Add(BsonDocument doc, string name, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            doc.Add(name, Instant(instant));
        }
    }

    public static void Add(BsonDocument doc, string name, TimeSpan? value)
    {
        if (value is { } duration)
        {
            doc.Add(name, Ticks(duration));
        }
    }

    public static void Add(BsonDocument doc, string name, int? value)
    {
        if (value is { } number)
        {
            doc.Add(name, new BsonValue(number));
        }
    }

    public static BsonValue Instant(DateTimeOffset value) => new(value.UtcDateTime);

    public static BsonValue Ticks(TimeSpan value) => new(value.Ticks);

    /// <summary>An enum by its member name (the reflection mapper's spelling with <c>EnumAsInteger = false</c>).</summary>
    public static BsonValue Name<TEnum>(TEnum value) where TEnum : struct, Enum => new(value.ToString());

    /// <summary>An enum by its word (<see cref="KebabCase"/>): run states, origins.</summary>
    public static BsonValue Word<TEnum>(TEnum value) where TEnum : struct, Enum => new(value.Word());

    public static DateTimeOffset ToInstant(BsonValue value) =>
        new(DateTime.SpecifyKind(value.AsDateTime.ToUniversalTime(), DateTimeKind.Utc));

    public static string? String(BsonDocument doc, string name) => doc.TryGetValue(name, out var value) && !value.IsNull ? value.AsString : null;

    public static string String(BsonDocument doc, string name, string missing) => String(doc, name) ?? missing;

    public static DateTimeOffset? Instant(BsonDocument doc, string name) =>
        doc.TryGetValue(name, out var value) && !value.IsNull ? ToInstant(value) : null;

    public static TimeSpan? Ticks(BsonDocument doc, string name) =>
        doc.TryGetValue(name, out var value) && !value.IsNull ? TimeSpan.FromTicks(value.AsInt64) : null;

    public static int? Int32(BsonDocument doc, string name) => doc.TryGetValue(name, out var value) && !value.IsNull ? value.AsInt32 : null;

    public static long? Int64(BsonDocument doc, string name) => doc.TryGetValue(name, out var value) && !value.IsNull ? value.AsInt64 : null;

    public static bool? Boolean(BsonDocument doc, string name) => doc.TryGetValue(name, out var value) && !value.IsNull ? value.AsBoolean : null;

    /// <summary>An enum written by name (or, as the reflection mapper also read it, by number).</summary>
    public static TEnum? Named<TEnum>(BsonDocument doc, string name) where TEnum : struct, Enum
    {
        if (!doc.TryGetValue(name, out var value) || value.IsNull)
        {
            return null;
        }
        return value.IsString ? Enum.Parse<TEnum>(value.AsString) : (TEnum)Enum.ToObject(typeof(TEnum), value.AsInt32);
    }

    /// <summary>An enum written by its word; an unknown word is a damaged store (<see cref="KebabCase.Parse{TEnum}"/>).</summary>
    public static TEnum? Worded<TEnum>(BsonDocument doc, string name) where TEnum : struct, Enum =>
        doc.TryGetValue(name, out var value) && !value.IsNull ? KebabCase.Parse<TEnum>(value.AsString) : null;

    public static List<string>? Strings(BsonDocument doc, string name)
    {
        if (!doc.TryGetValue(name, out var value) || value.IsNull)
        {
            return null;
        }
        var array = value.AsArray;
        var list = new List<string>(array.Count);
        foreach (var item in array)
        {
            list.Add(item.AsString);
        }
        return list;
    }

    public static BsonArray Strings(IEnumerable<string> values)
    {
        var array = new BsonArray();
        foreach (var value in values)
        {
            array.Add(new BsonValue(value));
        }
        return array;
    }
}
