namespace Kairos.Host.Catalog;

/// <summary>
/// Finds a loop in the chains of the loaded jobs (a -> b -> a), which would queue runs for ever. Pure: the caller gives
/// the chains of the jobs already loaded (success and failure chains alike, on any mix of sources) and the job to add.
/// </summary>
internal static class ChainCycles
{
    /// <summary>
    /// The loop that adding <paramref name="jobId"/> with <paramref name="targets"/> would close, as the ids along it
    /// starting and ending with <paramref name="jobId"/> (<c>[a, b, a]</c>); null when it closes none.
    /// <paramref name="loaded"/> gives the targets of each job already loaded (none for a job it does not know).
    /// </summary>
    public static IReadOnlyList<string>? Closed(string jobId, IReadOnlyList<string> targets, Func<string, IReadOnlyList<string>> loaded)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string> { jobId };
        return targets.Any(t => Reaches(t, jobId, loaded, visited, path)) ? path : null;
    }

    /// <summary>Depth first from <paramref name="from"/> to <paramref name="goal"/>, leaving the way on <paramref name="path"/> when found.</summary>
    private static bool Reaches(string from, string goal, Func<string, IReadOnlyList<string>> loaded, HashSet<string> visited, List<string> path)
    {
        path.Add(from);
        if (from == goal)
        {
            return true;
        }
        if (visited.Add(from) && loaded(from).Any(next => Reaches(next, goal, loaded, visited, path)))
        {
            return true;
        }
        path.RemoveAt(path.Count - 1);
        return false;
    }

    /// <summary>The message of a refused job: the loop, and what to do.</summary>
    public static string Describe(string jobId, IReadOnlyList<string> cycle) =>
        $"chain cycle {string.Join(" -> ", cycle)}: job '{jobId}' closes it, so it is not loaded (a chain loop would queue runs for ever); remove one of the OnSuccess/OnFailure links";
}
