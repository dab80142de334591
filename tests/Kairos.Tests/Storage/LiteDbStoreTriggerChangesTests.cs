using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Queries;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.LiteDb;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Storage;

using static StoreDocuments;

/// <summary>
/// Trigger changes written behind (LiteDbStore.TriggerChanges): accepted at once, written within the window on the
/// store's clock, before any read, and at a clean stop; the latest change of each trigger wins. A crash is a copy of the
/// store's files taken while it is open (what LiteDB committed, as a kill -9 leaves it).
/// </summary>
public sealed class LiteDbStoreTriggerChangesTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(T0);

    public void Dispose() => _dir.Dispose();

    private LiteDbStore Open(string name = "kairos.db")
    {
        var path = _dir.File(name);
        StoreFileLock.CreateFolderOf(path);
        var store = new LiteDbStore(StoreFileLock.Acquire(path), null, new TriggerWriteBehind(Window, _time));
        store.Reconcile(Job("j"), []);
        return store;
    }

    /// <summary>The triggers a crash at this instant leaves in the file.</summary>
    private List<string> CrashCopyTriggerIds(LiteDbStore store)
    {
        using var copy = StoreCrash.Copy(store, _dir, "crash-" + Guid.NewGuid().ToString("N")[..8]);
        return [.. copy.GetTriggers().Select(t => t.Id).Order(StringComparer.Ordinal)];
    }

    private static StoredTrigger Cron(string key, string expression, DateTimeOffset next) =>
        Trigger("j", TriggerSpec.Cron(key, expression), next, TriggerOrigin.Dynamic);

    private static ClaimRequest Claim(DateTimeOffset now) => StoreDocuments.Claim(now, "n", TimeSpan.FromMinutes(1), "j");

    [Fact]
    public void UpsertTriggers_ReturnsBeforeTheWrite_AndTheWindowsTimerWritesIt()
    {
        using var store = Open();

        store.UpsertTriggers([OneShot("j", "a", T0.AddMinutes(1))]);
        var beforeWindow = CrashCopyTriggerIds(store);
        _time.Advance(Window);

        Assert.Empty(beforeWindow);
        Assert.Equal(["j/a"], CrashCopyTriggerIds(store));
    }

    [Fact]
    public void GetTriggers_SeesAnUpsertNotYetWritten_AndWritesItFirst()
    {
        using var store = Open();

        store.UpsertTriggers([OneShot("j", "a", T0.AddMinutes(1))]);

        Assert.Equal(["j/a"], store.GetTriggers("j").Select(t => t.Id));
        Assert.Equal(["j/a"], CrashCopyTriggerIds(store));
    }

    [Fact]
    public void ClaimDueFires_ClaimsAOneShotUpsertedJustBefore_AndGetEarliestDueSeesIt()
    {
        using var store = Open();
        store.UpsertTriggers([OneShot("j", "later", T0.AddMinutes(5))]);
        Assert.Equal(T0.AddMinutes(5), store.GetEarliestDue(new HashSet<string> { "j" }));

        store.UpsertTriggers([OneShot("j", "now", T0)]);

        Assert.Equal(T0, store.GetEarliestDue(new HashSet<string> { "j" }));
        Assert.Equal(["now"], store.ClaimDueFires(Claim(T0)).Select(r => r.TriggerKey));
    }

    [Fact]
    public void Dispose_WritesEveryPendingChange_SoASecondOpenOfTheFileSeesEveryTrigger()
    {
        using (var store = Open())
        {
            store.UpsertTriggers([.. Enumerable.Range(0, 100).Select(i => Cron("c" + i, "0 0 * * *", T0.AddHours(1)))]);
            store.RemoveTrigger("j", "c7");
        }

        using var reopened = new LiteDbStore(_dir.File("kairos.db"));

        var ids = reopened.GetTriggers("j").Select(t => t.Spec.Key).ToHashSet();
        Assert.Equal(99, ids.Count);
        Assert.DoesNotContain("c7", ids);
    }

    [Fact]
    public void UpsertTriggers_CoalescesPendingChangesOfOneTrigger_TheLatestWins()
    {
        using var store = Open();

        store.UpsertTriggers([Cron("a", "0 0 * * *", T0.AddHours(14))]);
        store.UpsertTriggers([Cron("a", "0 12 * * *", T0.AddHours(2))]);
        store.UpsertTriggers([Cron("b", "0 12 * * *", T0.AddHours(2))]);

        var stored = store.GetTriggers("j");
        Assert.Equal(["j/a", "j/b"], stored.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.Equal(("0 12 * * *", T0.AddHours(2)), (stored[0].Spec.CronExpression, stored[0].NextFireUtc));
    }

    [Fact]
    public void UpsertTriggers_KeepsTheStoredNextFire_WhenTheScheduleIsUnchanged_AsAWriteAtOnceDoes()
    {
        using var store = Open();
        store.UpsertTriggers([Cron("same", "0 0 * * *", T0.AddHours(14)), Cron("back", "0 0 * * *", T0.AddHours(14))]);
        store.FlushTriggerChanges();

        // Same schedule: keeps the stored next fire. Changed and changed back while pending: a new schedule each time.
        store.UpsertTriggers([Cron("same", "0 0 * * *", T0.AddHours(99))]);
        store.UpsertTriggers([Cron("back", "0 12 * * *", T0.AddHours(2))]);
        store.UpsertTriggers([Cron("back", "0 0 * * *", T0.AddHours(38))]);

        var next = store.GetTriggers("j").ToDictionary(t => t.Spec.Key, t => t.NextFireUtc);
        Assert.Equal(T0.AddHours(14), next["same"]);
        Assert.Equal(T0.AddHours(38), next["back"]);
    }

    [Fact]
    public void RemoveTrigger_AfterAnUpsertNotYetWritten_RemovesIt_AndTellsWhetherThereWasOne()
    {
        using var store = Open();
        store.UpsertTriggers([OneShot("j", "a", T0.AddMinutes(1))]);

        Assert.True(store.RemoveTrigger("j", "a"));
        Assert.False(store.RemoveTrigger("j", "a"));
        Assert.False(store.RemoveTrigger("j", "never"));
        _time.Advance(Window);

        Assert.Empty(CrashCopyTriggerIds(store));
        Assert.Empty(store.GetTriggers("j"));
    }

    [Fact]
    public void UpsertTriggers_AfterARemovalNotYetWritten_AddsTheTriggerAgain()
    {
        using var store = Open();
        store.UpsertTriggers([Cron("a", "0 0 * * *", T0.AddHours(14))]);
        store.FlushTriggerChanges();

        store.RemoveTrigger("j", "a");
        store.UpsertTriggers([Cron("a", "0 0 * * *", T0.AddHours(99))]);

        Assert.Equal(T0.AddHours(99), store.GetTriggers("j").Single().NextFireUtc);
    }

    [Fact]
    public void RemoveTrigger_IsFalse_ForAOneShotAlreadyClaimed()
    {
        using var store = Open();
        store.UpsertTriggers([OneShot("j", "a", T0)]);
        store.ClaimDueFires(Claim(T0));

        Assert.False(store.RemoveTrigger("j", "a"));
        Assert.Empty(store.GetTriggers("j"));
    }

    [Fact]
    public void UpsertTriggers_OfAOneShotWhoseClaimIsKeptBehind_AddsItAgainAfterTheClaim()
    {
        using var store = Open();
        store.UpsertTriggers([OneShot("j", "a", T0)]);
        var first = store.ClaimDueFires(Claim(T0)).Single();

        store.UpsertTriggers([OneShot("j", "a", T0.AddSeconds(1))]);
        var second = store.ClaimDueFires(Claim(T0.AddSeconds(1))).Single();

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(T0.AddSeconds(1), second.ScheduledUtc);
        Assert.NotNull(store.GetRun(first.Id));
    }

    [Fact]
    public void FlushTriggerChanges_WritesThemBeforeItReturns()
    {
        using var store = Open();
        store.UpsertTriggers([OneShot("j", "a", T0.AddMinutes(1))]);

        store.FlushTriggerChanges();

        Assert.Equal(["j/a"], CrashCopyTriggerIds(store));
    }

    [Fact]
    public void TheSchedulerApisTriggerChanges_AreWrittenBeforeTheyReturn_AsTheHttpApiAndTheCliAnswerOnThem()
    {
        using var store = Open();
        var control = new TriggerControl(store, new JobLookup(store), new SchedulerSignal(), new TriggerSchedule(), _time);

        control.Upsert("j", [TriggerSpec.Cron("a", "0 0 * * *"), TriggerSpec.Cron("b", "0 0 * * *")]);
        var afterUpsert = CrashCopyTriggerIds(store);
        control.Remove("j", ["a"]);

        Assert.Equal(["j/a", "j/b"], afterUpsert);
        Assert.Equal(["j/b"], CrashCopyTriggerIds(store));
    }

    [Fact]
    public void UpsertTriggers_WritesTheWaitingChangesItself_WhenThousandsWait_SoCallersFasterThanTheWriterWaitForIt()
    {
        using var store = Open();

        for (var i = 0; i < 5000; i++)
        {
            store.UpsertTriggers([Cron("c" + i, "0 0 * * *", T0.AddHours(14))]);
        }

        // The window's timer never ran (the clock did not move): the 4,096th call wrote them.
        Assert.Equal(4096, CrashCopyTriggerIds(store).Count);
    }

    [Fact]
    public void RemoveJob_RemovesTheTriggersStillPending()
    {
        using var store = Open();
        store.UpsertTriggers([OneShot("j", "a", T0.AddMinutes(1))]);

        Assert.Equal(1, store.RemoveJob("j", deleteHistory: false)!.Value.TriggersRemoved);
        _time.Advance(Window);

        Assert.Empty(CrashCopyTriggerIds(store));
    }

    [Fact]
    public void ClaimDueFires_AfterAWalk_ClaimsTriggersWrittenSince_NotRemovedOnes_AndAMovedOneAtItsNewInstantOnly()
    {
        using var store = Open();
        store.UpsertTriggers([OneShot("j", "first", T0)]);
        Assert.Equal(["first"], store.ClaimDueFires(Claim(T0)).Select(r => r.TriggerKey));

        store.UpsertTriggers([OneShot("j", "b", T0.AddSeconds(1)), OneShot("j", "c", T0.AddSeconds(1)), Cron("d", "* * * * * *", T0.AddSeconds(1))]);
        _time.Advance(Window);
        store.RemoveTrigger("j", "c");
        store.UpsertTriggers([Cron("d", "0 0 * * * *", T0.AddHours(1))]);
        _time.Advance(Window);

        Assert.Equal(["b"], store.ClaimDueFires(Claim(T0.AddSeconds(1))).Select(r => r.TriggerKey));
        Assert.Empty(store.ClaimDueFires(Claim(T0.AddSeconds(2))));
        Assert.Equal(T0.AddHours(1), store.GetEarliestDue(new HashSet<string> { "j" }));
    }

    [Fact]
    public void ClaimDueFires_ClaimsEachFireOnce_WhenTriggersArriveOneAtATimeBetweenClaims()
    {
        var claimed = new List<string>();
        using (var store = Open())
        {
            for (var i = 0; i < 50; i++)
            {
                var now = T0.AddMilliseconds(10 * i);
                store.UpsertTriggers([OneShot("j", "o" + i, now)]);
                if (i % 2 == 0)
                {
                    _time.Advance(Window); // written by the window's timer, or else by the claim's read
                }
                claimed.AddRange(store.ClaimDueFires(Claim(now)).Select(r => r.TriggerKey));
                claimed.AddRange(store.ClaimDueFires(Claim(now)).Select(r => r.TriggerKey));
            }
        }

        using var reopened = new LiteDbStore(_dir.File("kairos.db"));
        Assert.Equal(Enumerable.Range(0, 50).Select(i => "o" + i), claimed);
        Assert.Empty(reopened.GetTriggers("j"));
        Assert.Empty(reopened.ClaimDueFires(Claim(T0.AddMinutes(1))));
    }

    [Fact]
    public void GetEarliestDue_OnceEveryDueFireIsClaimedBehind_IsTheEarliestTriggerLeft_WrittenBeforeOrAfterTheClaim()
    {
        using var store = Open();
        var runnable = new HashSet<string> { "j" };
        store.UpsertTriggers([OneShot("j", "a", T0), OneShot("j", "b", T0), OneShot("j", "later", T0.AddHours(3)), OneShot("j", "late", T0.AddHours(2))]);
        Assert.Equal(2, store.ClaimDueFires(Claim(T0)).Count);

        store.UpsertTriggers([OneShot("j", "mid", T0.AddMinutes(90)), OneShot("j", "soon", T0.AddSeconds(30))]);
        _time.Advance(Window);
        var withSoon = store.GetEarliestDue(runnable);
        store.RemoveTrigger("j", "soon");
        _time.Advance(Window);
        var withMid = store.GetEarliestDue(runnable);
        store.RemoveTrigger("j", "mid");
        _time.Advance(Window);

        Assert.Equal((T0.AddSeconds(30), T0.AddMinutes(90)), (withSoon, withMid));
        Assert.Equal(T0.AddHours(2), store.GetEarliestDue(runnable));
    }

    [Fact]
    public void ClaimDueFires_ClaimsEveryFireOnce_WhenMoreTriggersAreWrittenAfterAWalkThanTheDueTriggersKnownKeep()
    {
        using var store = Open();
        Assert.Empty(store.ClaimDueFires(Claim(T0)));
        store.UpsertTriggers([.. Enumerable.Range(0, 20_000).Select(i => OneShot("j", "a" + i, T0.AddMilliseconds(500)))]);
        store.UpsertTriggers([.. Enumerable.Range(0, 13_000).Select(i => OneShot("j", "b" + i, T0.AddSeconds(1)))]);
        _time.Advance(Window);

        var claimed = new List<string>();
        for (var batch = store.ClaimDueFires(Claim(T0.AddSeconds(1))); batch.Count > 0; batch = store.ClaimDueFires(Claim(T0.AddSeconds(1))))
        {
            claimed.AddRange(batch.Select(r => r.TriggerKey));
        }

        Assert.Equal(33_000, claimed.Count);
        Assert.Equal(33_000, claimed.Distinct().Count());
    }
}
