namespace Kairos.Host.Storage.Catalog;

/// <summary>An operator's switch written on a job (<see cref="ICatalogStore.SetDisabled"/>): who switched it off and why.</summary>
internal sealed record JobDisable(string By, string? Reason);
