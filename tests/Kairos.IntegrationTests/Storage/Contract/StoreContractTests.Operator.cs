using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Operator;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract for operator actions (#20): a job disabled by hand, a run cancelled by id, the audit trail.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public void SetDisabled_HoldsEveryFire_KeepsWhoAndWhyThroughAReconcile_AndEnableClearsOnlyTheOperatorsSwitch()
    {
        var trigger = Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0);
        Catalog.Reconcile(Job("j"), [trigger]);

        Assert.True(Catalog.SetDisabled("j", new JobDisable("cli:ana", "broken upstream"), T0));
        Assert.False(Catalog.SetDisabled("missing", new JobDisable("cli:ana", null), T0));
        // A new version of the job reconciled meanwhile, with configuration switching it off as well.
        var changed = Job("j");
        changed.Version = "2";
        changed.DisabledReason = "Kairos:Jobs:j:Enabled is false";
        OtherNode(1).Catalog.Reconcile(changed, [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        var disabled = OtherNode(1).Catalog.GetJob("j")!;

        Assert.Equal(("cli:ana", "broken upstream", "2"), (disabled.DisabledBy, disabled.DisabledByOperatorReason, disabled.Version));
        Assert.Empty(Claims.ClaimDueFires(Claim(T0.AddMinutes(2), "n", "j")));
        Assert.Null(Claims.GetEarliestDue(new HashSet<string> { "j" }));

        Assert.True(Catalog.SetDisabled("j", null, T0.AddMinutes(3)));
        var enabled = Catalog.GetJob("j")!;
        Assert.Equal((null, null, "Kairos:Jobs:j:Enabled is false"), (enabled.DisabledBy, enabled.DisabledByOperatorReason, enabled.DisabledReason));
        Assert.Empty(Claims.ClaimDueFires(Claim(T0.AddMinutes(3), "n", "j")));

        // Configuration lets it run again: the fires are claimed once more.
        Catalog.Reconcile(Job("j"), [trigger]);
        Assert.NotEmpty(Claims.ClaimDueFires(Claim(T0.AddMinutes(4), "n", "j")));
    }

    [Fact]
    public void RequestRunCancellation_MarksOnlyARunningRun_NamingTheOperator_AndItsOwnerFindsIt()
    {
        var policies = JobPolicies.Default with { Overlap = OverlapPolicy.Allow, MaxConcurrency = 3 };
        Catalog.Reconcile(Job("j", policies), [Trigger("j", TriggerSpec.Cron("default", "* * * * * *"), T0)]);
        var claimed = Claims.ClaimDueFires(Claim(T0.AddSeconds(1), "owner", "j"));
        Recorder.TryStart(claimed[0].Id, "owner", "v", T0, T0.AddMinutes(1), 3, out var running);

        var requested = OtherNode(1).Leases.RequestRunCancellation(running!.Id, "cli:ana", T0.AddSeconds(5));
        var again = OtherNode(2).Leases.RequestRunCancellation(running.Id, "api", T0.AddSeconds(6));

        Assert.Equal((running.Id, "cli:ana", T0.AddSeconds(5)), (requested!.Id, requested.CancelRequestedBy, requested.CancelRequestedUtc));
        Assert.Equal("cli:ana", again!.CancelRequestedBy);
        Assert.Null(Leases.RequestRunCancellation(claimed[1].Id, "cli:ana", T0.AddSeconds(5)));
        Assert.Null(Leases.RequestRunCancellation("no-such-run", "cli:ana", T0.AddSeconds(5)));
        Assert.Null(Runs.GetRun(claimed[1].Id)!.CancelRequestedUtc);
        Assert.Equal([new CancellationRequest(running.Id, "cli:ana")], Leases.GetCancellationRequests("owner", [running.Id, claimed[1].Id]));

        Assert.True(Recorder.Complete(running.Ended(RunStatus.Cancelled, T0.AddSeconds(7), "cancelled by cli:ana")));

        Assert.Empty(Leases.GetCancellationRequests("owner", [running.Id]));
        Assert.Equal("cli:ana", Runs.GetRun(running.Id)!.CancelRequestedBy);
        Assert.Null(Leases.RequestRunCancellation(running.Id, "cli:ana", T0.AddSeconds(8)));
    }

    private static AuditEntry Entry(int n, string? jobId, DateTimeOffset at) => new()
    {
        Id = $"{at.UtcTicks:D19}-{n:x10}-00000000", AtUtc = at, Actor = "cli:ana", Action = "pause", JobId = jobId,
        RunId = n % 2 == 0 ? $"run-{n}" : null, Detail = n % 3 == 0 ? "reason=deploy; until=2026-01-05T11:00:00Z" : null,
    };

    [Fact]
    public void AuditPage_ReadsNewestFirst_ByJob_AKeysetPageAtATime_AsWritten()
    {
        var written = Enumerable.Range(1, 7).Select(n => Entry(n, n == 7 ? null : n % 2 == 0 ? "a" : "b", T0.AddSeconds(n))).ToList();
        for (var i = 0; i < written.Count; i++)
        {
            (i % 2 == 0 ? Store : OtherNode(1)).Audit.Append(written[i]);
        }

        var all = Store.Audit.AuditPage(null, null, 100);
        var first = Store.Audit.AuditPage(null, null, 3);
        var second = OtherNode(1).Audit.AuditPage(null, first[^1].Id, 3);
        var ofA = Store.Audit.AuditPage("a", null, 100);
        var ofBAfterFirst = Store.Audit.AuditPage("b", written[4].Id, 100);

        Assert.Equal(written.AsEnumerable().Reverse(), all);
        Assert.Equal(all.Take(3), first);
        Assert.Equal(all.Skip(3).Take(3), second);
        Assert.Equal(["a", "a", "a"], ofA.Select(e => e.JobId));
        Assert.Equal([written[5], written[3], written[1]], ofA);
        Assert.Equal([written[2], written[0]], ofBAfterFirst);
        Assert.Empty(Store.Audit.AuditPage("nobody", null, 10));
    }

    [Fact]
    public void ApplyAuditRetention_KeepsTheNewestEntries_AndNoneOlderThanTheCutoff()
    {
        var written = Enumerable.Range(1, 6).Select(n => Entry(n, "a", T0.AddDays(n))).ToList();
        written.ForEach(Store.Audit.Append);

        var byCount = Store.Audit.ApplyAuditRetention(4, T0);
        var byAge = OtherNode(1).Audit.ApplyAuditRetention(100, T0.AddDays(4));

        Assert.Equal(2, byCount);
        Assert.Equal(1, byAge);
        Assert.Equal([written[5], written[4], written[3]], Store.Audit.AuditPage(null, null, 100));
        Assert.Equal(0, Store.Audit.ApplyAuditRetention(3, T0));
    }
}
