using System.Globalization;
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
}
