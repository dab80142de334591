namespace Kairos.Host.Listeners;

/// <summary>
/// A built-in listener whose calls take longer than <see cref="ListenerOptions.CallTimeout"/> by design (the webhook
/// notifier, with its retries and backoff): it is called with this timeout instead.
/// </summary>
internal interface IOwnCallTimeout
{
    TimeSpan CallTimeout { get; }
}
