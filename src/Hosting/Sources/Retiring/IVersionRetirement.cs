using Kairos.Host.Catalog;

namespace Kairos.Host.Sources.Retiring;

/// <summary>
/// What retiring one loaded version means for one kind of source (a plugin, a script): which runs drain, how it is
/// unloaded, and what is reported on the way. <see cref="VersionRetirer{TVersion}"/> calls these steps in order.
/// </summary>
/// <typeparam name="TVersion">One loaded version: it gives up its context in <see cref="Unload"/>.</typeparam>
internal interface IVersionRetirement<in TVersion>
{
    /// <summary>The handlers whose runs are drained before the version is unloaded.</summary>
    IReadOnlyList<JobHandler> Handlers(TVersion version);

    /// <summary>The version was handed over for retirement (called on the caller's thread, before anything waits).</summary>
    void Started(TVersion version);

    /// <summary>Runs were still in flight after <paramref name="grace"/>; they are cancelled next.</summary>
    void DrainTimedOut(TVersion version, TimeSpan grace);

    /// <summary>Runs were still in flight <paramref name="grace"/> after they were cancelled; the version is unloaded anyway.</summary>
    void RunsIgnoreCancellation(TVersion version, TimeSpan grace);

    /// <summary>
    /// Disposes what the version owns, unloads its context and returns a weak reference to it, holding nothing of it
    /// afterwards; null when it was unloaded already.
    /// </summary>
    WeakReference? Unload(TVersion version);

    /// <summary>A retired version is unloaded; <paramref name="collected"/> is null when the collection was not checked.</summary>
    void Retired(TVersion version, bool? collected);

    /// <summary>A version that was never published is unloaded; <paramref name="collected"/> as for <see cref="Retired"/>.</summary>
    void Discarded(TVersion version, bool? collected);
}
