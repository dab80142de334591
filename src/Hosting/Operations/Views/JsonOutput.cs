using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Kairos.Host.Text;

namespace Kairos.Host.Operations.Views;

/// <summary>
/// The JSON shape of every CLI and control API answer: camelCase names, enum values and state words in kebab case
/// (<c>loaded</c>, <c>fire-once</c>, as run statuses are), instants in UTC with a <c>Z</c>.
/// </summary>
internal static class JsonOutput
{
    /// <summary>
    /// How the answers are written: indented; for people and scripts on this machine, never embedded in HTML, so '+' and
    /// quotes stay readable. <see cref="Options"/> writes with these; a list put together from JSON already parsed (the
    /// CLI's pages of history) is written with them directly, without the serializer.
    /// </summary>
    public static JsonWriterOptions WriterOptions { get; } = new()
    {
        Indented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The serializer's options, made on first use (a CLI verb that only copies parsed JSON with <see cref="WriterOptions"/> never makes them).</summary>
    public static JsonSerializerOptions Options => Serializer.Options;

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T? Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options);

    /// <summary>Holds <see cref="Options"/>: a class of its own, so that reading <see cref="WriterOptions"/> does not make them.</summary>
    private static class Serializer
    {
        public static readonly JsonSerializerOptions Options = Create();
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = WriterOptions.Indented,
            Encoder = WriterOptions.Encoder,
        };
        options.Converters.Add(new UtcInstantConverter());
        options.Converters.Add(new JsonStringEnumConverter(KebabCase.Policy));
        return options;
    }

    private sealed class UtcInstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
