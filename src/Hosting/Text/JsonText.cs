using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Kairos.Host.Text;

/// <summary>
/// The one check of a run's or trigger's data: a JSON text (any value: object, array, string, number). Used by the
/// scheduler API, trigger validation, script headers, <c>kairos exec --data</c> and the test kit, so a text accepted
/// by one is accepted by all.
/// </summary>
internal static class JsonText
{
    /// <summary>Whether <paramref name="text"/> is one JSON value; when not, <paramref name="reason"/> says why (the parser's message).</summary>
    public static bool IsValid(string text, [NotNullWhen(false)] out string? reason)
    {
        try
        {
            using var _ = JsonDocument.Parse(text);
            reason = null;
            return true;
        }
        catch (JsonException e)
        {
            reason = e.Message;
            return false;
        }
    }

    /// <summary>Refuses run data that is not JSON, quoting it; <see langword="null"/> (no data) is accepted.</summary>
    /// <exception cref="ArgumentException"><paramref name="dataJson"/> is not a JSON text.</exception>
    public static void CheckData(string? dataJson, string parameterName = "dataJson")
    {
        if (dataJson is not null && !IsValid(dataJson, out var reason))
        {
            throw new ArgumentException($"data '{dataJson}' is not valid JSON: {reason}", parameterName);
        }
    }
}
