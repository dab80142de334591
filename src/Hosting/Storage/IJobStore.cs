using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Storage;

/// <summary>The stored catalog (<see cref="ICatalogStore"/>) under its former name, for consumers not yet narrowed; take <see cref="ICatalogStore"/> in new code.</summary>
internal interface IJobStore : ICatalogStore;
