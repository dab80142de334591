using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Operations.Views;

/// <summary>
/// One run record as <c>kairos history --json</c> prints it. <see cref="HostDeaths"/>: how many times a host died while
/// this fire was in flight (<c>Kairos:HostDeathLimit</c>).
/// </summary>
internal sealed record RunView(
    string Id,
    string JobId,
    string TriggerKey,
    RunStatus Status,
    DateTimeOffset ScheduledUtc,
    DateTimeOffset? StartedUtc,
    DateTimeOffset? EndedUtc,
    double? DurationMs,
    int Attempt,
    string? Node,
    string? Version,
    RunErrorView? Error,
    IReadOnlyList<string> Log,
    int HostDeaths = 0)
{
    /// <summary>The run's data as JSON text (<c>kairos trigger --data</c>, a trigger's data), or null.</summary>
    public string? Data { get; init; }

    /// <summary>What queued the run (<c>trigger</c>, <c>backfill</c>, <c>chain</c>, <c>run-once</c>).</summary>
    public RunOrigin Origin { get; init; }

    public static RunView From(RunRecord r) => new(
        r.Id, r.JobId, r.TriggerKey, r.Status, r.ScheduledUtc, r.StartedUtc, r.EndedUtc, r.Duration?.TotalMilliseconds,
        r.Attempt, r.Node, r.Version,
        r.ErrorMessage is null && r.ErrorType is null ? null : new RunErrorView(r.ErrorType, r.ErrorMessage, r.ErrorStack),
        r.Log, r.HostDeaths)
    {
        Data = r.DataJson,
        Origin = r.Origin,
    };
}

/// <summary>The error of a run: exception type, message and stack, or the reason the host gives.</summary>
internal sealed record RunErrorView(string? Type, string? Message, string? Stack);
