namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// How the LiteDB store writes trigger changes behind (<see cref="LiteDbStore.UpsertTriggers"/>,
/// <see cref="LiteDbStore.RemoveTrigger"/>): gathered for <see cref="Window"/> on <see cref="Time"/>'s clock, then written
/// in one transaction. A store opened without it writes each change before the call returns.
/// </summary>
internal sealed record TriggerWriteBehind(TimeSpan Window, TimeProvider Time)
{
    /// <summary>How long a failed write waits before it is tried again.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>Write-behind with this window, or null (every change written at once) for a zero window.</summary>
    public static TriggerWriteBehind? Of(TimeSpan window, TimeProvider time) => window > TimeSpan.Zero ? new(window, time) : null;
}
