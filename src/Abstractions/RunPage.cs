namespace Kairos;

/// <summary>One page of run records, newest first.</summary>
public sealed class RunPage
{
    /// <summary>The runs of this page.</summary>
    public required IReadOnlyList<RunInfo> Runs { get; init; }

    /// <summary>Reads the next (older) page when set as <see cref="RunQuery.PageToken"/>; <see langword="null"/> on the last page.</summary>
    public string? NextPageToken { get; init; }
}
