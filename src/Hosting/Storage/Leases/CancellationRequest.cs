namespace Kairos.Host.Storage.Leases;

/// <summary>
/// A request that a run's owner stop it (<see cref="ILeaseStore.GetCancellationRequests"/>): <see cref="By"/> names the
/// operator who asked (<see cref="ILeaseStore.RequestRunCancellation"/>); null when a newer fire replaces the run.
/// </summary>
internal readonly record struct CancellationRequest(string RunId, string? By);
