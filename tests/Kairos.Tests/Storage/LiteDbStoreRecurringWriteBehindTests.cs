using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Storage;

using static StoreDocuments;

/// <summary>
/// Claims of recurring triggers written behind (LiteDbStore.WriteBehind): the trigger's advanced state is kept with the
/// claim's runs; every claim and read of the process sees the advanced state (the file's copy is stale), a crash before
/// the claim is written fires the claimed instant again after the restart, and a clean stop writes it. A crash is a copy
/// of the store's files taken while it is open: what LiteDB committed, as a kill -9 leaves it.
/// </summary>
public sealed class LiteDbStoreRecurringWriteBehindTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> Runnable = ["j"];
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClaimRequest Claim(DateTimeOffset now) => StoreDocuments.Claim(now, "n", TimeSpan.FromMinutes(1), "j");

    private static StoredTrigger EverySecond(string key) => Trigger("j", TriggerSpec.Cron(key, "* * * * * *"), T0, TriggerOrigin.Dynamic);

    private LiteDbStore OpenWithEverySecond(string name, int count)
    {
        var store = new LiteDbStore(_dir.File(name));
        store.Reconcile(Job("j"), []);
        store.UpsertTriggers([.. Enumerable.Range(0, count).Select(i => EverySecond("c" + i))]);
        return store;
    }

    private LiteDbStore CrashCopy(LiteDbStore store, string name) => StoreCrash.Copy(store, _dir, name);

    private static RunWrite[] StartAndEnd(RunRecord claimed, DateTimeOffset at)
    {
        var started = claimed.Started("n", "v1", at, at.AddSeconds(30));
        return [new RunWrite(started, IsStart: true), new RunWrite(started.Ended(RunStatus.Succeeded, at.AddMilliseconds(5)), IsStart: false)];
    }

    [Fact]
    public void ClaimDueFires_FiresTheClaimedInstantAgainAfterARestart_WhenTheProcessDiedBeforeTheClaimWasWritten()
    {
        using var store = OpenWithEverySecond("kairos.db", 3);
        var claimed = store.ClaimDueFires(Claim(T0));

        using var restarted = CrashCopy(store, "crash");

        Assert.Equal(3, claimed.Count);
        var again = restarted.ClaimDueFires(Claim(T0.AddMilliseconds(500)));
        Assert.Equal(claimed.Select(r => (r.TriggerKey, r.ScheduledUtc)).Order(), again.Select(r => (r.TriggerKey, r.ScheduledUtc)).Order());
    }

    [Fact]
    public void ClaimDueFires_ClaimsTheNextFireOnly_WhileTheEarlierClaimIsKeptBehind()
    {
        using var store = OpenWithEverySecond("kairos.db", 2);
        store.ClaimDueFires(Claim(T0));

        Assert.Empty(store.ClaimDueFires(Claim(T0.AddMilliseconds(500))));
        var next = store.ClaimDueFires(Claim(T0.AddSeconds(1)));

        Assert.Equal([T0.AddSeconds(1), T0.AddSeconds(1)], next.Select(r => r.ScheduledUtc));
    }

    [Fact]
    public void GetEarliestDue_IsTheKeptTriggersNextFire_NotTheClaimedInstantStillInTheFile()
    {
        using var store = OpenWithEverySecond("kairos.db", 1);
        store.ClaimDueFires(Claim(T0));

        Assert.Equal(T0.AddSeconds(1), store.GetEarliestDue(Runnable));
    }

    [Fact]
    public void GetTriggers_ReadsTheAdvancedState_OfATriggerWhoseClaimIsKeptBehind()
    {
        using var store = OpenWithEverySecond("kairos.db", 1);
        var claimed = store.ClaimDueFires(Claim(T0)).Single();

        var trigger = store.GetTriggers("j").Single();

        Assert.Equal((T0.AddSeconds(1), T0), (trigger.NextFireUtc, trigger.LastFireUtc));
        Assert.Equal(RunStatus.Pending, store.GetRun(claimed.Id)!.Status);
    }

    [Fact]
    public void WriteMany_WritesTheClaimWithTheRunsFirstChange_SoARestartDoesNotFireTheInstantAgain()
    {
        using var store = OpenWithEverySecond("kairos.db", 1);
        var claimed = store.ClaimDueFires(Claim(T0)).Single();

        Assert.Equal([true, true], store.WriteMany(StartAndEnd(claimed, T0)));
        using var restarted = CrashCopy(store, "crash");

        Assert.Equal(RunStatus.Succeeded, restarted.GetRun(claimed.Id)!.Status);
        Assert.Empty(restarted.ClaimDueFires(Claim(T0.AddMilliseconds(500))));
        Assert.Equal([T0.AddSeconds(1)], restarted.ClaimDueFires(Claim(T0.AddSeconds(1))).Select(r => r.ScheduledUtc));
    }

    [Fact]
    public void WriteMany_WritesEveryRunOfATriggerClaimedTwiceBeforeItsFirstClaimWasWritten()
    {
        using var store = OpenWithEverySecond("kairos.db", 1);
        var first = store.ClaimDueFires(Claim(T0)).Single();
        var second = store.ClaimDueFires(Claim(T0.AddSeconds(1))).Single();

        store.WriteMany(StartAndEnd(second, T0.AddSeconds(1)));
        using var restarted = CrashCopy(store, "crash");

        Assert.Equal(RunStatus.Pending, restarted.GetRun(first.Id)!.Status);
        Assert.Equal(RunStatus.Succeeded, restarted.GetRun(second.Id)!.Status);
        Assert.Equal(T0.AddSeconds(2), restarted.GetTriggers("j").Single().NextFireUtc);
    }

    [Fact]
    public void GetPendingRuns_ReturnsTheRunsOfClaimsKeptBehind_WithoutWritingTheClaims()
    {
        using var store = OpenWithEverySecond("kairos.db", 2);
        var claimed = store.ClaimDueFires(Claim(T0));

        var pending = store.GetPendingRuns("n", Runnable, T0, T0.AddSeconds(30), 40);
        using var restarted = CrashCopy(store, "crash");

        Assert.Equal(claimed.Select(r => r.Id).Order(), pending.Select(r => r.Id).Order());
        Assert.Equal(2, restarted.ClaimDueFires(Claim(T0.AddMilliseconds(500))).Count);
    }

    [Fact]
    public void RemoveTrigger_FindsATriggerWhoseClaimIsKeptBehind_AndItsClaimedRunIsKept()
    {
        var time = new FakeTimeProvider(T0);
        using var store = new LiteDbStore(StoreFileLock.Acquire(_dir.File("kairos.db")), null, new TriggerWriteBehind(TimeSpan.FromMilliseconds(5), time));
        store.Reconcile(Job("j"), []);
        store.UpsertTriggers([EverySecond("c0")]);
        var claimed = store.ClaimDueFires(Claim(T0)).Single();

        Assert.True(store.RemoveTrigger("j", "c0"));

        Assert.Empty(store.GetTriggers("j"));
        Assert.Equal(RunStatus.Pending, store.GetRun(claimed.Id)!.Status);
        Assert.Null(store.GetEarliestDue(Runnable));
    }

    [Fact]
    public void Dispose_WritesTheAdvancedTriggersAndTheirRuns_SoACleanStopFiresNothingTwice()
    {
        var path = _dir.File("kairos.db");
        RunRecord claimed;
        using (var store = OpenWithEverySecond("kairos.db", 1))
        {
            claimed = store.ClaimDueFires(Claim(T0)).Single();
        }

        using var reopened = new LiteDbStore(path);

        Assert.Equal(RunStatus.Pending, reopened.GetRun(claimed.Id)!.Status);
        Assert.Equal(T0.AddSeconds(1), reopened.GetTriggers("j").Single().NextFireUtc);
        Assert.Empty(reopened.ClaimDueFires(Claim(T0.AddMilliseconds(500))));
    }
}
