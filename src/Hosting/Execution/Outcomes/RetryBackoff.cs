namespace Kairos.Host.Execution.Outcomes;

/// <summary>Exponential backoff with ±20% jitter: base × 2^(attempt−1), capped at one hour.</summary>
internal static class RetryBackoff
{
    public static TimeSpan Delay(TimeSpan initial, int failedAttempt, double random01)
    {
        var exponent = Math.Min(failedAttempt - 1, 20);
        var seconds = Math.Min(initial.TotalSeconds * Math.Pow(2, exponent), 3600);
        var jitter = 0.8 + (0.4 * random01);
        return TimeSpan.FromSeconds(seconds * jitter);
    }
}
