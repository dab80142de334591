using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Storage;

using static StoreDocuments;

/// <summary>
/// Claims of one-shot triggers written behind (LiteDbStore.WriteBehind): a crash before they are written loses no fire
/// (the trigger fires again after the restart), a clean stop writes them, and a run claimed, started and ended within
/// one batch is one record. A crash is a copy of the store's files taken while it is open: what LiteDB committed, as a
/// kill -9 leaves it.
/// </summary>
public sealed class LiteDbStoreWriteBehindTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ClaimRequest Claim(DateTimeOffset now) => StoreDocuments.Claim(now, "n", TimeSpan.FromMinutes(1), "j");

    private LiteDbStore OpenWithOneShots(string name, int count)
    {
        var store = new LiteDbStore(_dir.File(name));
        store.Reconcile(Job("j"), []);
        store.UpsertTriggers([.. Enumerable.Range(0, count).Select(i => OneShot("j", "b" + i, T0))]);
        return store;
    }

    private LiteDbStore CrashCopy(LiteDbStore store, string name) => StoreCrash.Copy(store, _dir, name);

    [Fact]
    public void ClaimDueFires_FiresAgainAfterARestart_WhenTheProcessDiedBeforeTheClaimWasWritten()
    {
        using var store = OpenWithOneShots("kairos.db", 3);
        var claimed = store.ClaimDueFires(Claim(T0));

        using var restarted = CrashCopy(store, "crash");

        Assert.Equal(3, claimed.Count);
        Assert.Empty(store.ClaimDueFires(Claim(T0.AddSeconds(1))));
        var again = restarted.ClaimDueFires(Claim(T0.AddSeconds(5)));
        Assert.Equal(claimed.Select(r => r.TriggerKey).Order(), again.Select(r => r.TriggerKey).Order());
    }

    [Fact]
    public void ClaimDueFires_DoesNotFireAgainAfterARestart_OnceTheRunsOutcomeIsWritten()
    {
        using var store = OpenWithOneShots("kairos.db", 2);
        var claimed = store.ClaimDueFires(Claim(T0));
        var started = claimed[0].Started("n", "v1", T0, T0.AddSeconds(30));
        store.WriteMany([new RunWrite(started, IsStart: true), new RunWrite(started.Ended(RunStatus.Succeeded, T0.AddSeconds(1)), IsStart: false)]);

        using var restarted = CrashCopy(store, "crash");

        Assert.Equal(RunStatus.Succeeded, restarted.GetRun(started.Id)!.Status);
        Assert.Equal([claimed[1].TriggerKey], restarted.ClaimDueFires(Claim(T0.AddSeconds(5))).Select(r => r.TriggerKey));
    }

    [Fact]
    public void Dispose_WritesTheClaimsKeptBehind_SoACleanStopLosesNoRunAndFiresNothingTwice()
    {
        var path = _dir.File("kairos.db");
        RunRecord pending;
        RunRecord ended;
        using (var store = OpenWithOneShots("kairos.db", 2))
        {
            var claimed = store.ClaimDueFires(Claim(T0));
            pending = claimed[1];
            var started = claimed[0].Started("n", "v1", T0, T0.AddSeconds(30));
            ended = started.Ended(RunStatus.Succeeded, T0.AddSeconds(1));
            store.WriteMany([new RunWrite(started, IsStart: true)]);
            store.WriteMany([new RunWrite(ended, IsStart: false)]);
        }

        using var reopened = new LiteDbStore(path);

        Assert.Equal(RunStatus.Succeeded, reopened.GetRun(ended.Id)!.Status);
        Assert.Equal(RunStatus.Pending, reopened.GetRun(pending.Id)!.Status);
        Assert.Empty(reopened.GetTriggers("j"));
        Assert.Empty(reopened.ClaimDueFires(Claim(T0.AddSeconds(5))));
    }

    [Fact]
    public void WriteMany_InsertsARunClaimedStartedAndEndedInOneBatch_WithItsOutcome()
    {
        using var store = OpenWithOneShots("kairos.db", 1);
        var started = store.ClaimDueFires(Claim(T0)).Single().Started("n", "v1", T0, T0.AddSeconds(30));
        var ended = started.Ended(RunStatus.Failed, T0.AddSeconds(1), "boom");

        Assert.Equal([true, true], store.WriteMany([new RunWrite(started, IsStart: true), new RunWrite(ended, IsStart: false)]));

        var stored = store.GetRun(started.Id)!;
        Assert.Equal((RunStatus.Failed, "boom", started.Fence), (stored.Status, stored.ErrorMessage, stored.Fence));
        Assert.Empty(store.GetTriggers("j"));
    }

    [Fact]
    public void GetEarliestDue_LeavesOutTriggersWhoseClaimIsKeptBehind()
    {
        using var store = OpenWithOneShots("kairos.db", 1);
        store.UpsertTriggers([OneShot("j", "later", T0.AddMinutes(5))]);

        store.ClaimDueFires(Claim(T0));

        Assert.Equal(T0.AddMinutes(5), store.GetEarliestDue(new HashSet<string> { "j" }));
    }
}
