using System.Text.RegularExpressions;

namespace Kairos.Host.Catalog;

/// <summary>The rule for stable job ids.</summary>
internal static partial class JobIds
{
    public static bool IsValid(string? id) => id is not null && id.Length <= 100 && Pattern().IsMatch(id);

    public static string Explain(string? id) =>
        $"job id '{id}' is invalid: expected lower-case letters, digits, '.', '-' or '_', starting with a letter, at most 100 characters (for example 'billing.invoice-reminder')";

    [GeneratedRegex("^[a-z][a-z0-9._-]*$")]
    private static partial Regex Pattern();
}
