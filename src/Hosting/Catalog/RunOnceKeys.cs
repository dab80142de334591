namespace Kairos.Host.Catalog;

/// <summary>The rules of a run-once declaration (#16), for attributes and script headers alike.</summary>
internal static class RunOnceKeys
{
    public const int MaxLength = 200;

    /// <summary>What is wrong with run-once key <paramref name="key"/> of a job with <paramref name="triggerCount"/> triggers; null when nothing is.</summary>
    public static string? Problem(string key, int triggerCount)
    {
        if (key.Length == 0 || key.Length > MaxLength || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or ':'))
        {
            return $"run-once key '{key}' is invalid: expected 1 to {MaxLength} letters, digits, '.', '-', '_' or ':'";
        }
        return triggerCount > 0
            ? $"run-once key '{key}' is declared with {triggerCount} trigger(s): a run-once job has no schedule of its own; remove its triggers or the run-once key"
            : null;
    }
}
