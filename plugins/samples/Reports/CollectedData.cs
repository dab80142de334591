namespace Reports;

/// <summary>What <see cref="CollectJob"/> hands to <see cref="PublishJob"/> as the run's data (JSON).</summary>
/// <param name="Files">How many files it counted.</param>
/// <param name="CollectedBy">The run id of the collecting run.</param>
/// <param name="CollectedForUtc">The instant the collecting run was scheduled for.</param>
public sealed record CollectedData(int Files, string CollectedBy, DateTimeOffset CollectedForUtc);
