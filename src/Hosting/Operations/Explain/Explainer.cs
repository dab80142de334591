using Kairos.Host.Operations.Views;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using static Kairos.Host.Operations.Explain.ExplainWords;
using Kairos.Host.Scheduling.Planning;

namespace Kairos.Host.Operations.Explain;

/// <summary>
/// Why a job did or did not fire (<c>kairos explain</c>), pure: from the facts the store gave (<see cref="ExplainFacts"/>),
/// each trigger's scheduled instants around the instant asked and, for each, what happened or will happen. A fire with
/// a run record is told from it (ran, misfired with its message, skipped naming the run it overlapped, waiting for a
/// handler naming the hosts and what they load); one without is explained by the trigger's window, the job's holds at
/// that instant (paused or disabled: since when and by whom), configuration, and the hosts that were up. A future fire
/// is told with what would stop it.
/// </summary>
internal sealed class Explainer(TriggerSchedule schedule)
{
    /// <summary>How many scheduled instants of each trigger are shown before the instant asked (and after it).</summary>
    public const int Around = 3;

    public ExplainView Explain(ExplainFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var context = new Context(facts, new HoldTimeline(facts.Job, facts.Audit));
        var triggers = facts.Triggers.OrderBy(t => t.Spec.Key, StringComparer.Ordinal).Select(t => Trigger(t, context)).ToList();
        return new ExplainView(facts.Job.Id, facts.AtUtc, facts.NowUtc, Answer(facts, triggers), context.Holds.Now(), triggers, facts.Nodes);
    }

    private static string Answer(ExplainFacts facts, List<ExplainTriggerView> triggers)
    {
        if (triggers.Count == 0)
        {
            return $"job '{facts.Job.Id}' has no trigger: it runs only when triggered ('kairos trigger')";
        }
        var future = facts.AtUtc > facts.NowUtc;
        var asked = triggers.SelectMany(t => t.Fires.Where(f => f.Asked).Select(f => (t.Key, Fire: f))).ToList();
        if (asked.Count == 0)
        {
            return future
                ? $"no trigger of '{facts.Job.Id}' fires at or after {When(facts.AtUtc)}"
                : $"no trigger of '{facts.Job.Id}' was scheduled at or before {When(facts.AtUtc)}";
        }
        var (key, fire) = future ? asked.MinBy(a => a.Fire.ScheduledUtc) : asked.MaxBy(a => a.Fire.ScheduledUtc);
        return $"trigger '{key}' at {When(fire.ScheduledUtc)}: {fire.Text}";
    }

    private ExplainTriggerView Trigger(StoredTrigger trigger, Context context)
    {
        var (facts, at, now) = (context.Facts, context.Facts.AtUtc, context.Facts.NowUtc);
        var spec = trigger.Spec;
        var records = facts.Runs.Where(r => r.TriggerKey == spec.Key).ToLookup(r => StoreInstants.Milliseconds(r.ScheduledUtc));
        var computed = TriggerInstants.Around(schedule, trigger, at, Around).Select(StoreInstants.Milliseconds).ToList();
        var instants = computed.ToHashSet();
        if (computed.Count > 0)
        {
            // Records the schedule does not give (the schedule changed since) are shown too, within the span shown.
            instants.UnionWith(records.Select(g => g.Key).Where(s => s >= computed.Min() && s <= computed.Max()));
        }
        else
        {
            instants.UnionWith(records.Select(g => g.Key));
        }
        var fires = instants.Order().Select(s => Fire(trigger, s, [.. records[s]], schedule.Calendars.Exclusion(spec, s), context)).ToList();
        var askedIndex = at <= now ? fires.FindLastIndex(f => f.ScheduledUtc <= at) : fires.FindIndex(f => f.ScheduledUtc >= at);
        if (askedIndex >= 0)
        {
            fires[askedIndex] = fires[askedIndex] with { Asked = true };
        }
        var notes = new List<string>();
        if (spec.StartUtc is { } start && at < start)
        {
            notes.Add($"{When(at)} is before the trigger's start ({When(start)}): it had not begun");
        }
        if (spec.EndUtc is { } end)
        {
            notes.Add(at > end ? $"{When(at)} is after the trigger's end ({When(end)}): it fires no more" : $"the trigger ends at {When(end)}: no fire after it");
        }
        if (trigger.NextFireUtc is null)
        {
            notes.Add("the trigger will not fire again");
        }
        return new ExplainTriggerView(spec.Key, KairosOperations.Describe(spec), spec.TimeZone, spec.StartUtc, spec.EndUtc, trigger.NextFireUtc, trigger.LastFireUtc, fires, notes);
    }

    /// <summary>The fire at <paramref name="scheduled"/>; <paramref name="exclusion"/>: the calendar window it falls in, or null.</summary>
    private static ExplainedFire Fire(StoredTrigger trigger, DateTimeOffset scheduled, List<RunRecord> records, string? exclusion, Context context)
    {
        if (records.Count > 0)
        {
            return FromRecord(records.OrderBy(r => r.Attempt).ThenBy(r => r.Id, StringComparer.Ordinal).Last(), context);
        }
        var spec = trigger.Spec;
        if ((spec.StartUtc is { } start && scheduled < start) || (spec.EndUtc is { } end && scheduled > end))
        {
            return new ExplainedFire(scheduled, FireOutcome.OutsideWindow, "not a fire: outside the trigger's start and end");
        }
        if (exclusion is not null && scheduled > context.Facts.NowUtc)
        {
            return new ExplainedFire(scheduled, FireOutcome.Skipped, $"will be skipped: {exclusion}");
        }
        return scheduled > context.Facts.NowUtc ? Future(scheduled, context) : PastWithoutRecord(trigger, scheduled, context);
    }

    private static ExplainedFire FromRecord(RunRecord run, Context context)
    {
        var scheduled = StoreInstants.Milliseconds(run.ScheduledUtc);
        var fire = new ExplainedFire(scheduled, FireOutcome.Ran, "") { RunId = run.Id, Status = run.Status, Attempt = run.Attempt, Node = run.Node };
        switch (run.Status)
        {
            case RunStatus.Misfired:
                return fire with { Outcome = FireOutcome.Misfired, Text = $"misfired: {run.ErrorMessage}{context.WhyLate(scheduled)}" };
            case RunStatus.Skipped:
                return Skipped(fire, run, context);
            case RunStatus.WaitingForHandler:
                return fire with { Outcome = FireOutcome.WaitingForHandler, Text = $"waiting for a handler: {context.WhoLoads()}" };
            case RunStatus.Running:
                return fire with { Outcome = FireOutcome.Running, Text = $"running: run {run.Id} on {run.Node ?? "?"} since {When(run.StartedUtc)}" };
            case RunStatus.Pending:
                return fire with
                {
                    Outcome = FireOutcome.Pending,
                    Text = $"pending: run {run.Id} is queued" + (run.NotBeforeUtc > context.Facts.NowUtc ? $", not before {When(run.NotBeforeUtc)}" : "")
                        + (context.AliveNodes.Any(n => n.LoadsJob) ? "" : "; " + context.WhoLoads()),
                };
            default:
                var took = run.Duration is { } d ? $", took {Span(d)}" : "";
                var error = run.Status == RunStatus.Succeeded || run.ErrorMessage is null ? "" : $": {run.ErrorMessage}";
                return fire with
                {
                    Text = $"ran: run {run.Id} {run.Status.Word()} (attempt {run.Attempt} on {run.Node ?? "?"}, started {When(run.StartedUtc)}{took}){error}",
                };
        }
    }

    /// <summary>A skipped fire; skipped by overlap (the recorder's <c>skipped:</c> message), naming the run of its key that was still running.</summary>
    private static ExplainedFire Skipped(ExplainedFire fire, RunRecord run, Context context)
    {
        const string OverlapPrefix = "skipped: ";
        var message = run.ErrorMessage ?? "skipped";
        if (!message.StartsWith(OverlapPrefix, StringComparison.Ordinal))
        {
            return fire with { Outcome = FireOutcome.Skipped, Text = message.StartsWith("skipped", StringComparison.Ordinal) ? message : "skipped: " + message };
        }
        var skippedAt = run.EndedUtc ?? run.ScheduledUtc;
        var overlapped = context.Facts.OverlapCandidates
            .Where(o => o.Id != run.Id && o.ConcurrencyKey == run.ConcurrencyKey && o.StartedUtc is { } s && s <= skippedAt && (o.EndedUtc is null || o.EndedUtc >= skippedAt))
            .MaxBy(o => o.StartedUtc);
        var why = message[OverlapPrefix.Length..];
        return fire with
        {
            Outcome = FireOutcome.Skipped,
            OverlappedRunId = overlapped?.Id,
            Text = overlapped is null
                ? $"skipped by overlap: {why}; the run it overlapped is no longer in the history"
                : $"skipped by overlap: run {overlapped.Id} (scheduled {When(overlapped.ScheduledUtc)}, started {When(overlapped.StartedUtc)}"
                    + (overlapped.EndedUtc is { } ended ? $", ended {When(ended)} {overlapped.Status.Word()})" : ", still running)")
                    + $" was still running; {why}",
        };
    }

    private static ExplainedFire PastWithoutRecord(StoredTrigger trigger, DateTimeOffset scheduled, Context context)
    {
        if (context.Holds.At(scheduled) is { } hold)
        {
            return Held(scheduled, hold, "not fired: the job was ");
        }
        if (context.Facts.Job.DisabledReason is { } reason)
        {
            return new ExplainedFire(scheduled, FireOutcome.SwitchedOff, $"not fired: configuration switches the job off ({reason})") { By = "configuration" };
        }
        if (trigger.NextFireUtc is { } next && next <= scheduled)
        {
            // The trigger has not reached this instant: whatever keeps it from being claimed keeps this fire too.
            return context.AliveNodes.Count == 0
                ? new ExplainedFire(scheduled, FireOutcome.NoHostUp, $"not fired yet: no host is up; the trigger waits at {When(next)} and fires under its misfire policy when one starts")
                : !context.AliveNodes.Any(n => n.LoadsJob)
                    ? new ExplainedFire(scheduled, FireOutcome.NoNodeLoadsIt, $"not fired yet: {context.WhoLoads()}")
                    : new ExplainedFire(scheduled, FireOutcome.NotClaimedYet, $"due: the trigger waits at {When(next)} and a host that runs the job claims it within a moment");
        }
        var up = context.Facts.Nodes.Where(n => WasUp(n, scheduled)).ToList();
        if (up.Count == 0)
        {
            return new ExplainedFire(scheduled, FireOutcome.NoHostUp, $"no record: no host was up then ({context.KnownHosts()})");
        }
        return up.Any(n => n.LoadsJob)
            ? new ExplainedFire(scheduled, FireOutcome.NoRecord,
                $"no record, though {string.Join(", ", up.Select(n => n.Id))} was up then: the record may have gone by retention, or the schedule changed since")
            : new ExplainedFire(scheduled, FireOutcome.NoNodeLoadsIt, $"no record: {string.Join(", ", up.Select(n => n.Id))} was up then, and none loads the job now");
    }

    private static ExplainedFire Future(DateTimeOffset scheduled, Context context)
    {
        var now = context.Facts.NowUtc;
        if (context.Holds.Now().FirstOrDefault(h => h.Kind != FireOutcome.Paused || h.UntilUtc is not { } until || scheduled < until) is { } hold)
        {
            return Held(scheduled, hold, "will not fire: the job is ");
        }
        if (context.AliveNodes.Count == 0)
        {
            return new ExplainedFire(scheduled, FireOutcome.NoHostUp, "will not fire unless a host that loads the job is up by then: no host is up now");
        }
        if (!context.AliveNodes.Any(n => n.LoadsJob))
        {
            return new ExplainedFire(scheduled, FireOutcome.NoNodeLoadsIt, $"will wait for a handler: {context.WhoLoads()}");
        }
        return new ExplainedFire(scheduled, FireOutcome.WillFire, $"will fire in {Span(scheduled - now)}");
    }

    private static ExplainedFire Held(DateTimeOffset scheduled, ExplainHoldView hold, string lead) =>
        new(scheduled, hold.Kind, lead + Hold(hold)) { By = hold.By, SinceUtc = hold.SinceUtc };

    private static bool WasUp(ExplainNodeView node, DateTimeOffset at) =>
        node.StartedUtc is { } started && started <= at && (node.Alive || at <= (node.StoppedUtc ?? node.LastSeenUtc));

    /// <summary>The facts and what is derived from them once per explanation.</summary>
    private sealed class Context(ExplainFacts facts, HoldTimeline holds)
    {
        public ExplainFacts Facts { get; } = facts;

        public HoldTimeline Holds { get; } = holds;

        public IReadOnlyList<ExplainNodeView> AliveNodes { get; } = [.. facts.Nodes.Where(n => n.Alive)];

        /// <summary>Which hosts are up and what they load, as a phrase.</summary>
        public string WhoLoads() => AliveNodes.Count == 0
            ? "no host is up now"
            : (AliveNodes.Any(n => n.LoadsJob) ? "loaded now by " + string.Join(", ", AliveNodes.Where(n => n.LoadsJob).Select(n => n.Id)) : "no host up loads the job")
                + " (" + string.Join("; ", AliveNodes.Select(n => $"{n.Id} loads {(n.RunnableJobIds.Count == 0 ? "nothing" : string.Join(", ", n.RunnableJobIds))}")) + ")";

        public string KnownHosts() => Facts.Nodes.Count == 0
            ? "no host is known to the store"
            : string.Join("; ", Facts.Nodes.Select(n => $"{n.Id} started {When(n.StartedUtc)}" + (n.Alive ? ", up now" : $", last seen {When(n.StoppedUtc ?? n.LastSeenUtc)}")));

        /// <summary>Why a fire was found late, when the facts say: the job held then, or no host up.</summary>
        public string WhyLate(DateTimeOffset scheduled)
        {
            if (Holds.At(scheduled) is { } hold)
            {
                return "; the job was " + Hold(hold);
            }
            return Facts.Nodes.Any(n => WasUp(n, scheduled)) ? "" : $"; no host was up then ({KnownHosts()})";
        }
    }
}
