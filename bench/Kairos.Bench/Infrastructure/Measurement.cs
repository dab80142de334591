namespace Kairos.Bench.Infrastructure;

/// <summary>The metrics of one repetition of one implementation, by name (units are in the names: _ms, _per_s, _bytes).</summary>
internal sealed class Measurement : Dictionary<string, double>
{
    public Measurement()
        : base(StringComparer.Ordinal)
    {
    }

    /// <summary>Facts about the run that are not numbers to average (store, settings, checks).</summary>
    public Dictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);
}

/// <summary>One implementation under test in a scenario: a name for the report and one repetition of the workload.</summary>
internal sealed record Contender(string Name, Func<bool, Task<Measurement>> RunOnce);

/// <summary>
/// Runs contenders alternately (A B C, B C A, C A B, ...) so that load from other processes on the machine spreads
/// over all of them instead of landing on whichever ran last. Warm-up rounds run first and are not kept.
/// </summary>
internal static class Alternation
{
    public static async Task<Dictionary<string, List<Measurement>>> RunAsync(
        IReadOnlyList<Contender> contenders, int warmups, int reps, Action<string>? progress = null)
    {
        var results = contenders.ToDictionary(c => c.Name, _ => new List<Measurement>(), StringComparer.Ordinal);
        for (var round = 0; round < warmups + reps; round++)
        {
            var warmup = round < warmups;
            for (var i = 0; i < contenders.Count; i++)
            {
                var contender = contenders[(i + round) % contenders.Count];
                var m = await contender.RunOnce(warmup).ConfigureAwait(false);
                progress?.Invoke($"{(warmup ? "warm-up" : $"rep {round - warmups + 1}/{reps}")} {contender.Name}: {Format(m)}");
                if (!warmup)
                {
                    results[contender.Name].Add(m);
                }
            }
        }
        return results;
    }

    private static string Format(Measurement m) =>
        string.Join(", ", m.Select(kv => $"{kv.Key}={kv.Value.ToString("G5", System.Globalization.CultureInfo.InvariantCulture)}"));
}
