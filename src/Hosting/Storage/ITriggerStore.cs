using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;

namespace Kairos.Host.Storage;

/// <summary>
/// The store's triggers (<see cref="ICatalogStore"/>) and the next due instant (<see cref="IClaimStore"/>), for
/// consumers not yet narrowed; take the roles in new code.
/// </summary>
internal interface ITriggerStore : ICatalogStore, IClaimStore;
