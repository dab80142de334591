using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage;

/// <summary>
/// Every role of the store over run records (<see cref="IClaimStore"/>, <see cref="IRunRecorder"/>,
/// <see cref="ILeaseStore"/>, <see cref="IRunHistory"/>), for consumers not yet narrowed to the roles they use; take
/// the roles in new code. Every method that changes more than one document does it atomically: no code path can run a
/// fire twice or lose one.
/// </summary>
internal interface IRunStore : IClaimStore, IRunRecorder, ILeaseStore, IRunHistory;
