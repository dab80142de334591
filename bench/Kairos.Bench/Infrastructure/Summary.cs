namespace Kairos.Bench.Infrastructure;

/// <summary>Median with min and max of one metric over the measured repetitions.</summary>
internal readonly record struct Summary(double Median, double Min, double Max, int Count)
{
    public static Summary Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return new Summary(double.NaN, double.NaN, double.NaN, 0);
        }
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Summary(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>Nearest-rank percentile of a sample (p in 0..100).</summary>
    public static double Percentile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
