using Kairos.Host.Listeners;
using Kairos.Host.Telemetry;

namespace Kairos.Host.Sources.Folder;

/// <summary>
/// What a folder source tells beyond its log of a version it loaded, could not load or refused: the source counters of
/// <see cref="KairosMetrics"/> by kind (plugin or script) and, for a failure or a refusal, a <c>JobFaulted</c> event to
/// the listeners. The same for plugins and scripts.
/// </summary>
internal sealed class SourceLoadReport(EngineEvents events, KairosMetrics metrics)
{
    /// <summary>A new version of a <paramref name="kind"/> was loaded; <paramref name="replaces"/>: an older one ran.</summary>
    public void Loaded(string kind, bool replaces) => metrics.VersionLoaded(kind, replaces: replaces);

    /// <summary>A version of a <paramref name="kind"/> from <paramref name="source"/> failed to load (or compile).</summary>
    public void Failed(string kind, string source, string? jobId, string message)
    {
        events.JobFaulted(source, jobId, message);
        metrics.LoadFailed(kind);
    }

    /// <summary>A version from <paramref name="source"/> was refused (an unsafe path): told, not counted as a failed load.</summary>
    public void Refused(string source, string? jobId, string message) => events.JobFaulted(source, jobId, message);
}
