using Kairos.Host.Hosting;
using Kairos.Host.Operations.Audit;
using Kairos.Host.Operations.Explain;
using Kairos.Host.Operations.Views;
using Kairos.Host.Scheduling.Calendars;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Operations.Explain;

/// <summary>The pure explainer of <c>kairos explain</c>: facts in, what became of each fire out; the clock is a <see cref="FakeTimeProvider"/>.</summary>
public sealed class ExplainerTests
{
    private const string JobId = "billing.report";

    /// <summary>Now: 2026-03-02 12:00:00 UTC. The trigger fires every ten minutes.</summary>
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));

    private readonly Explainer _explainer = new(new TriggerSchedule());

    private DateTimeOffset Now => _time.GetUtcNow();

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2026, 3, 2, hour, minute, second, TimeSpan.Zero);

    private static StoredJob Job() => new() { Id = JobId, Source = "billing.dll" };

    private static StoredTrigger Trigger(TriggerSpec? spec = null, DateTimeOffset? next = null) => new()
    {
        Id = StoredTrigger.MakeId(JobId, "every-10m"), JobId = JobId, Spec = spec ?? TriggerSpec.Cron("every-10m", "*/10 * * * *"),
        Origin = TriggerOrigin.Declared, NextFireUtc = next ?? At(12, 10), LastFireUtc = At(12, 0),
    };

    private static RunRecord Run(string id, DateTimeOffset scheduled, RunStatus status, DateTimeOffset? started = null, DateTimeOffset? ended = null, string? message = null) => new()
    {
        Id = id, JobId = JobId, TriggerKey = "every-10m", ConcurrencyKey = JobId, ScheduledUtc = scheduled, NotBeforeUtc = scheduled, Status = status,
        StartedUtc = started, EndedUtc = ended, ErrorMessage = message, Node = started is null ? null : "node-a",
    };

    private static AuditEntry Entry(string action, DateTimeOffset at, string actor, string? detail = null) => new()
    {
        Id = "a" + at.Ticks, AtUtc = at, Actor = actor, Action = action, JobId = JobId, Detail = detail,
    };

    private static ExplainNodeView Node(string id, DateTimeOffset started, bool alive = true, bool loads = true, DateTimeOffset? lastSeen = null) =>
        new(id, alive, started, lastSeen ?? started, alive ? null : lastSeen, loads, loads ? [JobId] : ["other.job"]);

    private static readonly ExplainNodeView UpSinceMorning = Node("node-a", At(6, 0));

    private ExplainView Explain(
        DateTimeOffset at, IReadOnlyList<RunRecord>? runs = null, IReadOnlyList<AuditEntry>? audit = null, IReadOnlyList<ExplainNodeView>? nodes = null,
        StoredJob? job = null, StoredTrigger? trigger = null, IReadOnlyList<RunRecord>? overlap = null) =>
        _explainer.Explain(new ExplainFacts(job ?? Job(), [trigger ?? Trigger()], at, Now, runs ?? [], overlap ?? runs ?? [], audit ?? [], nodes ?? [UpSinceMorning]));

    private static ExplainedFire Asked(ExplainView view) => view.Triggers.SelectMany(t => t.Fires).Single(f => f.Asked);

    [Fact]
    public void Explain_ListsThreeInstantsBeforeAndThreeAfter_AndAsksTheLastAtOrBeforeThePastInstant()
    {
        var view = Explain(At(11, 25));

        Assert.Equal([At(11, 0), At(11, 10), At(11, 20), At(11, 30), At(11, 40), At(11, 50)], view.Triggers.Single().Fires.Select(f => f.ScheduledUtc));
        Assert.Equal(At(11, 20), Asked(view).ScheduledUtc);
        Assert.StartsWith("trigger 'every-10m' at 2026-03-02T11:20:00Z: ", view.Answer, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_NamesTheRunAndItsStatus_WhenTheFireRan()
    {
        var view = Explain(At(11, 20), runs: [Run("r1", At(11, 20), RunStatus.Succeeded, At(11, 20), At(11, 20, 3))]);

        var fire = Asked(view);
        Assert.Equal((FireOutcome.Ran, "r1", RunStatus.Succeeded), (fire.Outcome, fire.RunId, fire.Status));
        Assert.Equal("ran: run r1 succeeded (attempt 1 on node-a, started 2026-03-02T11:20:00Z, took 3s)", fire.Text);
    }

    [Fact]
    public void Explain_QuotesTheMisfireMessage_AndSaysNoHostWasUpThen()
    {
        var misfired = Run("r1", At(11, 20), RunStatus.Misfired, ended: At(11, 45), message: "missed by 00:25:00 (threshold exceeded); misfire policy Skip");

        var fire = Asked(Explain(At(11, 20), runs: [misfired], nodes: [Node("node-a", At(11, 45))]));

        Assert.Equal(FireOutcome.Misfired, fire.Outcome);
        Assert.Equal("misfired: missed by 00:25:00 (threshold exceeded); misfire policy Skip; no host was up then (node-a started 2026-03-02T11:45:00Z, up now)", fire.Text);
    }

    [Fact]
    public void Explain_NamesTheRunAFireOverlapped_WhenItWasSkippedByOverlap()
    {
        var longRun = Run("r-long", At(11, 10), RunStatus.Succeeded, At(11, 10), At(11, 27));
        var earlier = Run("r-early", At(11, 0), RunStatus.Succeeded, At(11, 0), At(11, 1));
        var skipped = Run("r-skip", At(11, 20), RunStatus.Skipped, ended: At(11, 20), message: "skipped: 1 run(s) of 'billing.report' still running (overlap policy Skip)");

        var fire = Asked(Explain(At(11, 20), runs: [longRun, skipped], overlap: [earlier, longRun]));

        Assert.Equal((FireOutcome.Skipped, "r-long"), (fire.Outcome, fire.OverlappedRunId));
        Assert.Equal(
            "skipped by overlap: run r-long (scheduled 2026-03-02T11:10:00Z, started 2026-03-02T11:10:00Z, ended 2026-03-02T11:27:00Z succeeded) was still running; "
            + "1 run(s) of 'billing.report' still running (overlap policy Skip)", fire.Text);
    }

    [Fact]
    public void Explain_QuotesAnotherSkipsMessage_WithoutLookingForAnOverlap()
    {
        var skipped = Run("r-skip", At(11, 20), RunStatus.Skipped, ended: At(11, 20), message: "excluded by calendar 'holidays' (2026-03-02)");

        var fire = Asked(Explain(At(11, 20), runs: [skipped]));

        Assert.Equal((FireOutcome.Skipped, null, "skipped: excluded by calendar 'holidays' (2026-03-02)"), (fire.Outcome, fire.OverlappedRunId, fire.Text));
    }

    [Fact]
    public void Explain_SaysSinceWhenAndByWhomTheJobWasPaused_WhenAPastFireHasNoRecord()
    {
        var audit = new[]
        {
            Entry(AuditActions.Pause, At(9, 0), "cli:bob", "reason=first"), Entry(AuditActions.Resume, At(9, 30), "cli:bob"),
            Entry(AuditActions.Pause, At(11, 5), "cli:ann", "reason=db upgrade"),
        };
        var job = Job();
        job.SetPause(new JobPause("db upgrade", "cli:ann"), At(11, 5));

        var view = Explain(At(11, 20), audit: audit, job: job);

        var fire = Asked(view);
        Assert.Equal((FireOutcome.Paused, "cli:ann", At(11, 5)), (fire.Outcome, fire.By, fire.SinceUtc));
        Assert.Equal("not fired: the job was paused by cli:ann since 2026-03-02T11:05:00Z (db upgrade), until resumed", fire.Text);
        Assert.Equal(new ExplainHoldView(FireOutcome.Paused, "cli:ann", At(11, 5), null, "db upgrade"), Assert.Single(view.Holds));
        // Before the second pause (11:00 is after the resume at 9:30): a host that loads the job was up, yet no record.
        Assert.Equal(FireOutcome.NoRecord, view.Triggers.Single().Fires.Single(f => f.ScheduledUtc == At(11, 0)).Outcome);
    }

    [Fact]
    public void Explain_TakesAPauseAsOver_AfterItsUntil()
    {
        var audit = new[] { Entry(AuditActions.Pause, At(11, 5), "api", "until=2026-03-02T11:15:00Z") };

        var fires = Explain(At(11, 20), audit: audit).Triggers.Single().Fires;

        Assert.Equal(FireOutcome.Paused, fires.Single(f => f.ScheduledUtc == At(11, 10)).Outcome);
        Assert.Equal(FireOutcome.NoRecord, fires.Single(f => f.ScheduledUtc == At(11, 20)).Outcome);
    }

    [Fact]
    public void Explain_SaysWhoDisabledTheJobAndSinceWhen()
    {
        var job = Job();
        job.SetDisable(new JobDisable("cli:ann", "upstream down"), At(10, 0));

        var fire = Asked(Explain(At(11, 20), audit: [Entry(AuditActions.Disable, At(10, 0), "cli:ann", "reason=upstream down")], job: job));

        Assert.Equal("not fired: the job was disabled by cli:ann since 2026-03-02T10:00:00Z (upstream down), until 'kairos enable'", fire.Text);
        Assert.Equal((FireOutcome.Disabled, "cli:ann", At(10, 0)), (fire.Outcome, fire.By, fire.SinceUtc));
    }

    [Fact]
    public void Explain_SaysConfigurationSwitchesTheJobOff()
    {
        var job = Job();
        job.DisabledReason = "Kairos:Jobs:billing.report:Enabled is false";

        var view = Explain(At(13, 0), job: job);

        Assert.Equal(FireOutcome.SwitchedOff, Asked(view).Outcome);
        Assert.Equal("will not fire: the job is switched off by configuration: Kairos:Jobs:billing.report:Enabled is false", Asked(view).Text);
    }

    [Fact]
    public void Explain_SaysAnInstantIsOutsideTheTriggersStartAndEnd()
    {
        var spec = TriggerSpec.Cron("every-10m", "*/10 * * * *") with { StartUtc = At(11, 15), EndUtc = At(11, 45) };

        var ended = Trigger(spec);
        ended.NextFireUtc = null;

        var view = Explain(At(11, 10), trigger: ended);

        var trigger = view.Triggers.Single();
        Assert.Equal(FireOutcome.OutsideWindow, Asked(view).Outcome);
        Assert.Equal(
            ["2026-03-02T11:10:00Z is before the trigger's start (2026-03-02T11:15:00Z): it had not begun", "the trigger ends at 2026-03-02T11:45:00Z: no fire after it",
             "the trigger will not fire again"], trigger.Notes);
        Assert.Equal([FireOutcome.OutsideWindow, FireOutcome.OutsideWindow, FireOutcome.OutsideWindow, FireOutcome.NoRecord, FireOutcome.NoRecord, FireOutcome.NoRecord],
            trigger.Fires.Select(f => f.Outcome));
    }

    [Fact]
    public void Explain_NamesTheNodesAndWhatTheyLoad_WhenAFireWaitsForAHandler()
    {
        var waiting = Run("r1", At(11, 20), RunStatus.WaitingForHandler, message: "no loaded plugin or script declares job 'billing.report'; the fire waits for it");

        var fire = Asked(Explain(At(11, 20), runs: [waiting], nodes: [Node("node-a", At(6, 0), loads: false), Node("node-b", At(7, 0), loads: false)]));

        Assert.Equal(FireOutcome.WaitingForHandler, fire.Outcome);
        Assert.Equal("waiting for a handler: no host up loads the job (node-a loads other.job; node-b loads other.job)", fire.Text);
    }

    [Fact]
    public void Explain_SaysNoHostWasUp_WhenAPastFireHasNoRecordAndNoKnownHostCoversIt()
    {
        var view = Explain(At(11, 20), nodes: [Node("node-a", At(8, 0), alive: false, lastSeen: At(9, 0)), Node("node-b", At(11, 58))]);

        var fire = Asked(view);
        Assert.Equal(FireOutcome.NoHostUp, fire.Outcome);
        Assert.Equal(
            "no record: no host was up then (node-a started 2026-03-02T08:00:00Z, last seen 2026-03-02T09:00:00Z; node-b started 2026-03-02T11:58:00Z, up now)", fire.Text);
    }

    [Fact]
    public void Explain_SaysTheFireIsHeldBack_WhenTheTriggerHasNotReachedItAndNoHostLoadsTheJob()
    {
        var fire = Asked(Explain(At(11, 50), trigger: Trigger(next: At(11, 30)), nodes: [Node("node-a", At(6, 0), loads: false)]));

        Assert.Equal((FireOutcome.NoNodeLoadsIt, "not fired yet: no host up loads the job (node-a loads other.job)"), (fire.Outcome, fire.Text));
    }

    [Fact]
    public void Explain_ForAFutureInstant_GivesTheNextFiresAndWhenTheyFire()
    {
        var view = Explain(At(12, 25));

        var fires = view.Triggers.Single().Fires;
        Assert.Equal(At(12, 30), Asked(view).ScheduledUtc);
        Assert.Equal("trigger 'every-10m' at 2026-03-02T12:30:00Z: will fire in 30m", view.Answer);
        Assert.All(fires.Where(f => f.ScheduledUtc > Now), f => Assert.Equal(FireOutcome.WillFire, f.Outcome));
    }

    [Fact]
    public void Explain_ForAFutureInstant_SaysAFireInAnExclusionCalendarWillBeSkipped_NamingTheCalendar()
    {
        var calendar = new KairosCalendar();
        calendar.Weekly.Add("Mon 12:25-Mon 12:35");
        var errors = new List<string>();
        var explainer = new Explainer(new TriggerSchedule(CalendarSet.Read([new("lunch", calendar)], errors)));
        var trigger = Trigger(TriggerSpec.Cron("every-10m", "*/10 * * * *") with { Calendars = ["lunch"] });

        var view = explainer.Explain(new ExplainFacts(Job(), [trigger], At(12, 25), Now, [], [], [], [UpSinceMorning]));

        Assert.Empty(errors);
        var fires = view.Triggers.Single().Fires;
        Assert.Equal((FireOutcome.Skipped, "will be skipped: excluded by calendar 'lunch' (Mon 12:25-Mon 12:35)"), (Asked(view).Outcome, Asked(view).Text));
        Assert.Equal(FireOutcome.WillFire, fires.Single(f => f.ScheduledUtc == At(12, 40)).Outcome);
    }

    [Fact]
    public void Explain_ForAFutureInstant_SaysAPauseHoldsFiresUntilItsEnd_AndFiresAfterIt()
    {
        var job = Job();
        job.SetPause(new JobPause(null, "cli:ann", At(12, 35)), At(11, 55));

        var fires = Explain(At(12, 30), job: job, audit: [Entry(AuditActions.Pause, At(11, 55), "cli:ann", "until=2026-03-02T12:35:00Z")]).Triggers.Single().Fires;

        Assert.Equal("will not fire: the job is paused by cli:ann since 2026-03-02T11:55:00Z, until 2026-03-02T12:35:00Z",
            fires.Single(f => f.ScheduledUtc == At(12, 30)).Text);
        Assert.Equal(FireOutcome.WillFire, fires.Single(f => f.ScheduledUtc == At(12, 40)).Outcome);
    }

    [Fact]
    public void Explain_ForAFutureInstant_SaysWhenNoHostIsUpOrNoneLoadsTheJob()
    {
        Assert.Equal(FireOutcome.NoHostUp, Asked(Explain(At(12, 30), nodes: [])).Outcome);
        var elsewhere = Asked(Explain(At(12, 30), nodes: [Node("node-a", At(6, 0), loads: false)]));
        Assert.Equal((FireOutcome.NoNodeLoadsIt, "will wait for a handler: no host up loads the job (node-a loads other.job)"), (elsewhere.Outcome, elsewhere.Text));
    }

    [Fact]
    public void Explain_AnchorsAnIntervalTriggerOnItsStoredNextFire()
    {
        var trigger = Trigger(TriggerSpec.Interval("every-10m", TimeSpan.FromMinutes(7)), next: At(12, 3));

        var fires = Explain(At(11, 50), trigger: trigger).Triggers.Single().Fires;

        Assert.Equal([At(11, 35), At(11, 42), At(11, 49), At(11, 56), At(12, 3), At(12, 10)], fires.Select(f => f.ScheduledUtc));
    }

    [Fact]
    public void Explain_SaysAJobWithoutTriggersRunsOnlyWhenTriggered()
    {
        var view = _explainer.Explain(new ExplainFacts(Job(), [], Now, Now, [], [], [], [UpSinceMorning]));

        Assert.Equal("job 'billing.report' has no trigger: it runs only when triggered ('kairos trigger')", view.Answer);
    }

    [Fact]
    public void ExplainView_IsWrittenInTheStableJsonShape_WithKebabCaseWords()
    {
        var json = JsonOutput.Serialize(Explain(At(11, 20), nodes: []));

        Assert.Contains("\"outcome\": \"no-host-up\"", json, StringComparison.Ordinal);
        Assert.Contains("\"atUtc\": \"2026-03-02T11:20:00Z\"", json, StringComparison.Ordinal);
        Assert.Contains("\"asked\": true", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_SaysAQueuedRunWaitsForAHostThatLoadsTheJob_WhenNoneDoes()
    {
        var pending = Run("r1", At(11, 20), RunStatus.Pending) with { NotBeforeUtc = At(11, 20) };

        var fire = Asked(Explain(At(11, 20), runs: [pending], nodes: [Node("node-a", At(6, 0), loads: false)]));

        Assert.Equal((FireOutcome.Pending, "pending: run r1 is queued; no host up loads the job (node-a loads other.job)"), (fire.Outcome, fire.Text));
    }

    [Theory]
    [InlineData(850, "850ms")]
    [InlineData(2_999, "3s")]
    [InlineData(3_723_000, "1h 2m")]
    [InlineData(90_061_000, "1d 1h")]
    public void Span_WritesTheTwoLargestUnits(int milliseconds, string expected) =>
        Assert.Equal(expected, ExplainWords.Span(TimeSpan.FromMilliseconds(milliseconds)));
}
