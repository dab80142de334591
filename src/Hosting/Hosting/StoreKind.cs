using System.Text.Json.Serialization;

namespace Kairos.Host.Hosting;

/// <summary>
/// Where a host keeps its jobs, triggers and runs (<see cref="KairosOptions.Store"/>). Spelt <c>litedb</c> and
/// <c>postgres</c> in settings and in <c>kairos info --json</c> (<see cref="Text.KebabCase"/>).
/// </summary>
internal enum StoreKind
{
    /// <summary>One host, the LiteDB file at <see cref="KairosOptions.DatabasePath"/>.</summary>
    [JsonStringEnumMemberName("litedb")]
    LiteDb,

    /// <summary>One or more hosts sharing a PostgreSQL database.</summary>
    Postgres,
}
