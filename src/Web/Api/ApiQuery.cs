using System.Globalization;
using Kairos.Host.Hosting;
using Kairos.Host.Operations;

namespace Kairos.Web.Api;

/// <summary>Reads the API's query parameters, refusing a bad one with its name and value (400) instead of ASP.NET Core's bare 400.</summary>
internal static class ApiQuery
{
    /// <summary><c>limit</c>: a positive whole number, <paramref name="fallback"/> when absent.</summary>
    public static int Limit(string? text, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit > 0
            ? limit
            : throw new OperationException($"limit '{text}' is invalid: expected a positive whole number");
    }

    /// <summary><c>since</c>: a duration back from <paramref name="now"/> (<c>24h</c>, <c>7d</c>) or an ISO-8601 instant; <paramref name="fallback"/> back when absent.</summary>
    public static DateTimeOffset Since(string? text, DateTimeOffset now, TimeSpan fallback)
    {
        if (text is null)
        {
            return now - fallback;
        }
        if (DurationText.TryParse(text, out var duration) && duration > TimeSpan.Zero)
        {
            return now - duration;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : throw new OperationException($"since '{text}' is invalid: expected {DurationText.Forms}, or an ISO-8601 instant such as 2026-03-08T06:00:00Z");
    }
}
