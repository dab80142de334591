using Kairos.Host.Operations.Audit;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Operator;

namespace Kairos.Host.Operations.Explain;

/// <summary>
/// Whether the job was paused or switched off by an operator at a given instant, and what holds it now: read from its
/// stored fields (the state now) and its pause, resume, disable and enable entries of the audit trail (since when, by
/// whom, why). A pause that ended by itself (its <c>until</c>) is over at that instant; a pause the trail does not
/// record (an auto-pause) is known only from the job's state now, with no start.
/// </summary>
internal sealed class HoldTimeline
{
    private readonly StoredJob _job;
    private readonly List<AuditEntry> _entries;

    public HoldTimeline(StoredJob job, IReadOnlyList<AuditEntry> audit)
    {
        _job = job;
        _entries = [.. audit.Where(e => e.Action is AuditActions.Pause or AuditActions.Resume or AuditActions.Disable or AuditActions.Enable).OrderBy(e => e.AtUtc)];
    }

    /// <summary>What holds the job now: its pause, an operator's disable, configuration's switch-off.</summary>
    public IReadOnlyList<ExplainHoldView> Now()
    {
        var holds = new List<ExplainHoldView>();
        if (_job.Paused)
        {
            var since = Latest(AuditActions.Pause, AuditActions.Resume, DateTimeOffset.MaxValue) is { Action: AuditActions.Pause } p ? p.AtUtc : (DateTimeOffset?)null;
            holds.Add(new ExplainHoldView(FireOutcome.Paused, _job.PausedBy, since, _job.PausedUntilUtc, _job.PauseReason));
        }
        if (_job.DisabledBy is not null)
        {
            var since = Latest(AuditActions.Disable, AuditActions.Enable, DateTimeOffset.MaxValue) is { Action: AuditActions.Disable } d ? d.AtUtc : (DateTimeOffset?)null;
            holds.Add(new ExplainHoldView(FireOutcome.Disabled, _job.DisabledBy, since, null, _job.DisabledByOperatorReason));
        }
        if (_job.DisabledReason is { } reason)
        {
            holds.Add(new ExplainHoldView(FireOutcome.SwitchedOff, "configuration", null, null, reason));
        }
        return holds;
    }

    /// <summary>The operator's hold on the job at <paramref name="instant"/> (a pause first, then a disable); null when none.</summary>
    public ExplainHoldView? At(DateTimeOffset instant) =>
        PauseAt(instant) ?? DisableAt(instant);

    private ExplainHoldView? PauseAt(DateTimeOffset instant)
    {
        if (Latest(AuditActions.Pause, AuditActions.Resume, instant) is { } entry)
        {
            if (entry.Action != AuditActions.Pause)
            {
                return null;
            }
            var until = InstantOf(Field(entry.Detail, "until"));
            return until is { } u && u <= instant ? null : new ExplainHoldView(FireOutcome.Paused, entry.Actor, entry.AtUtc, until, Field(entry.Detail, "reason"));
        }
        // No pause in the trail before the instant: only a pause now that the trail never recorded (an auto-pause) may have held it.
        return _job.Paused && !_entries.Any(e => e.Action is AuditActions.Pause or AuditActions.Resume) && !(_job.PausedUntilUtc <= instant)
            ? new ExplainHoldView(FireOutcome.Paused, _job.PausedBy, null, _job.PausedUntilUtc, _job.PauseReason)
            : null;
    }

    private ExplainHoldView? DisableAt(DateTimeOffset instant)
    {
        if (Latest(AuditActions.Disable, AuditActions.Enable, instant) is { } entry)
        {
            return entry.Action == AuditActions.Disable ? new ExplainHoldView(FireOutcome.Disabled, entry.Actor, entry.AtUtc, null, Field(entry.Detail, "reason")) : null;
        }
        return _job.DisabledBy is not null && !_entries.Any(e => e.Action is AuditActions.Disable or AuditActions.Enable)
            ? new ExplainHoldView(FireOutcome.Disabled, _job.DisabledBy, null, null, _job.DisabledByOperatorReason)
            : null;
    }

    private AuditEntry? Latest(string on, string off, DateTimeOffset atOrBefore) =>
        _entries.LastOrDefault(e => (e.Action == on || e.Action == off) && e.AtUtc <= atOrBefore);

    /// <summary>One <c>name=value</c> pair of an entry's detail (<see cref="AuditDetail.Of"/>); null when absent.</summary>
    private static string? Field(string? detail, string name) =>
        detail?.Split("; ").Select(p => p.Split('=', 2)).FirstOrDefault(p => p.Length == 2 && p[0] == name)?[1];

    private static DateTimeOffset? InstantOf(string? text) =>
        text is not null && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : null;
}
