namespace Kairos.Host.Operations.Control;

/// <summary>
/// What <c>kairos trigger --json</c> prints: the queued run's id and, when no host will start it now, why and when it
/// will (<see cref="Note"/>; null when a running host that can run the job picks it up).
/// </summary>
internal sealed record TriggerResult(string RunId, string? Note);
