using System.Diagnostics.CodeAnalysis;

namespace Kairos.Host.Catalog;

/// <summary>
/// The one rule for a chain's text (<see cref="JobAttribute.OnSuccess"/>, script header <c>on-success</c>): job ids
/// separated by ',', spaces allowed. Kept in <see cref="Storage.Catalog.JobPolicies"/> normalised (ids joined by ',' with no
/// spaces, each once, in the order given), so that two declarations of the same chain compare equal.
/// </summary>
internal static class ChainTargets
{
    /// <summary>
    /// Normalises <paramref name="text"/> (null or blank: no chain, <c>""</c>); false with a message quoting the bad id
    /// when one is not a job id.
    /// </summary>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        error = null;
        var ids = new List<string>();
        foreach (var part in (text ?? "").Split(','))
        {
            var id = part.Trim();
            if (id.Length == 0 && string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (!JobIds.IsValid(id))
            {
                error = $"'{text}' names {(id.Length == 0 ? "an empty job id" : $"'{id}'")}: expected job ids separated by ',' ({JobIds.Explain(id)})";
                return false;
            }
            if (!ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }
        normalized = string.Join(',', ids);
        return true;
    }

    /// <summary>The ids of a normalised chain; empty for none.</summary>
    public static IReadOnlyList<string> Split(string normalized) =>
        normalized.Length == 0 ? [] : normalized.Split(',');
}
