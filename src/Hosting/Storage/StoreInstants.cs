namespace Kairos.Host.Storage;

/// <summary>
/// The precision at which the stores keep instants: LiteDB keeps milliseconds, PostgreSQL microseconds. Instants are
/// truncated to it before they are written or compared, so a value read back equals the one written.
/// </summary>
internal static class StoreInstants
{
    /// <summary>Truncated to the millisecond: LiteDB's precision, and the one trigger descriptions are compared at in every store.</summary>
    public static DateTimeOffset Milliseconds(DateTimeOffset value) =>
        new(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    /// <inheritdoc cref="Milliseconds(DateTimeOffset)"/>
    public static DateTimeOffset? Milliseconds(DateTimeOffset? value) => value is { } v ? Milliseconds(v) : null;

    /// <summary>Truncated to the microsecond: PostgreSQL's <c>timestamptz</c> precision.</summary>
    public static DateTimeOffset Microseconds(DateTimeOffset value) => new(value.UtcTicks - value.UtcTicks % 10, TimeSpan.Zero);
}
