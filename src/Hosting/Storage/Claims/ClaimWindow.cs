namespace Kairos.Host.Storage.Claims;

/// <summary>
/// One claim's instants at the store's precision (<see cref="StoreInstants"/>) and its claimant: fires due up to
/// <see cref="Until"/> are claimed, lateness is measured from <see cref="Now"/>, and the runs are owned by
/// <see cref="Node"/> under a lease until <see cref="LeaseUntil"/>.
/// </summary>
internal sealed record ClaimWindow(DateTimeOffset Now, DateTimeOffset Until, string Node, DateTimeOffset LeaseUntil);
