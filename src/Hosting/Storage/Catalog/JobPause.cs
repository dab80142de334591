namespace Kairos.Host.Storage.Catalog;

/// <summary>
/// A pause written on a job (<see cref="ICatalogStore.SetPaused"/>): why, who paused it (<c>api</c>, <c>cli:USER</c>,
/// <c>job:ID</c>, <c>auto-pause</c>), and when it ends by itself (null: until resumed).
/// </summary>
internal sealed record JobPause(string? Reason, string By, DateTimeOffset? UntilUtc = null);
