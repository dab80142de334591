using System.Text;
using System.Text.Json;
using Kairos.Host.Operations;
using Kairos.Host.Operations.Views;
using Microsoft.AspNetCore.Http;

namespace Kairos.Web.Api;

/// <summary>Reads a request's body: as text, or as JSON of a request type, refusing one that is not with the field named.</summary>
internal static class ApiBody
{
    /// <summary>The body as text, or null when it has none.</summary>
    public static async Task<string?> TextAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
        return text.Length == 0 ? null : text;
    }

    /// <summary>The body as <typeparamref name="T"/>, null when it has none; an <see cref="OperationException"/> (400) naming the bad field.</summary>
    public static async Task<T?> ReadAsync<T>(HttpRequest request, string shape) where T : class
    {
        var text = await TextAsync(request).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(text, JsonOutput.Options);
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
            throw new OperationException(field is null
                ? $"the body '{Shorten(text)}' is not the JSON expected: expected {shape}"
                : $"the body's field '{field}' is invalid: expected {shape}");
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "...";
}
