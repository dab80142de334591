using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract for reading history a page at a time (the scheduler API's run query).</summary>
public abstract partial class StoreContractTests
{
    /// <summary>Inserts 30 runs a minute apart: jobs a/b alternate, every third on trigger "hourly", statuses in a cycle.</summary>
    private List<RunRecord> History()
    {
        RunStatus[] statuses = [RunStatus.Succeeded, RunStatus.Failed, RunStatus.Pending];
        var runs = Enumerable.Range(0, 30).Select(i => new RunRecord
        {
            Id = RunIds.New(T0.AddMinutes(i)),
            JobId = i % 2 == 0 ? "a" : "b",
            TriggerKey = i % 3 == 0 ? "hourly" : "manual",
            ConcurrencyKey = i % 2 == 0 ? "a" : "b",
            ScheduledUtc = T0.AddMinutes(i),
            NotBeforeUtc = T0.AddMinutes(i),
            Status = statuses[i % 3],
        }).ToList();
        Recorder.Insert(runs);
        return runs;
    }

    [Fact]
    public void QueryPage_ReadsNewestFirst_PageAfterPage_WithNoRunTwiceOrLeftOut()
    {
        var all = History();

        var seen = new List<string>();
        string? before = null;
        for (var page = 0; page < 10; page++)
        {
            var runs = OtherNode(1).Runs.QueryPage(new RunFilter(), before, 7);
            seen.AddRange(runs.Select(r => r.Id));
            if (runs.Count < 7)
            {
                break;
            }
            before = runs[^1].Id;
        }

        Assert.Equal(all.Select(r => r.Id).Reverse(), seen);
    }

    [Fact]
    public void QueryPage_AppliesEveryFilterThatIsSet()
    {
        var all = History();
        var from = T0.AddMinutes(6);
        var to = T0.AddMinutes(24);

        var found = Runs.QueryPage(new RunFilter("a", RunStatus.Succeeded, "hourly", from, to), null, 100);
        var open = Runs.QueryPage(new RunFilter("b", RunStatus.Pending), null, 100);
        var byTrigger = Runs.QueryPage(new RunFilter(TriggerKey: "hourly", FromUtc: from), all[20].Id, 100);

        // a (even), succeeded (i % 3 == 0), hourly (i % 3 == 0), 6 <= i < 24: 6, 12, 18.
        Assert.Equal([all[18].Id, all[12].Id, all[6].Id], found.Select(r => r.Id));
        // b (odd), pending (i % 3 == 2): 5, 11, 17, 23, 29.
        Assert.Equal([29, 23, 17, 11, 5], open.Select(r => all.FindIndex(x => x.Id == r.Id)));
        // hourly, i >= 6, before run 20: 18, 15, 12, 9, 6.
        Assert.Equal([18, 15, 12, 9, 6], byTrigger.Select(r => all.FindIndex(x => x.Id == r.Id)));
        Assert.Empty(Runs.QueryPage(new RunFilter("no-such-job"), null, 100));
    }
}
