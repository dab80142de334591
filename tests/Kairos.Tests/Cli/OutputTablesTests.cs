using Kairos.Host.Cli;
using Kairos.Host.Hosting;
using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Statistics;
using Kairos.Host.Operations.Views;
using Kairos.Host.Storage.Catalog;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Cli;

public sealed class OutputTablesTests
{
    private static readonly DateTimeOffset Poll = new(2026, 12, 4, 13, 13, 28, TimeSpan.Zero);
    private static readonly DateTimeOffset Weekday = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Jobs_PrintsEachTriggerOnItsOwnLine_WithItsOwnScheduleZoneAndNextFire_AndThePauseReasonAndLastRun()
    {
        var job = new JobView("billing.reminders", "", "plugin:Billing", "every 00:00:10", "UTC", Poll, JobState.Paused, "1.2.0", "audit until Friday",
            [
                new TriggerView("daily", "0 9 * * 1-5", "Europe/Berlin", TriggerOrigin.Declared, Weekday, null, "fire-once", null),
                new TriggerView("poll", "every 00:00:10", "UTC", TriggerOrigin.Declared, Poll, null, "fire-once", null),
            ],
            [])
        {
            NextTrigger = "poll",
            LastRun = new LastRunView("r1", "failed", Poll, 12_345),
            SuccessRate = 0.666,
        };
        using var output = new StringWriter();

        OutputTables.Jobs(JsonOutput.Serialize(new[] { job }), output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Equal(["JOB", "STATE", "TRIGGER", "SCHEDULE", "TZ", "NEXT", "(UTC)", "SOURCE", "VERSION", "LAST", "RUN", "OK"], Words(lines[0]));
        Assert.Equal(["billing.reminders", "paused", "poll", "every", "00:00:10", "UTC", "2026-12-04T13:13:28Z", "plugin:Billing", "1.2.0", "failed", "12.3", "s", "67%"], Words(lines[1]));
        Assert.Equal(["daily", "0", "9", "*", "*", "1-5", "Europe/Berlin", "2026-12-07T08:00:00Z"], Words(lines[2]));
        Assert.Equal(lines[1].IndexOf("poll", StringComparison.Ordinal), lines[2].IndexOf("daily", StringComparison.Ordinal));
        Assert.Equal("  billing.reminders: paused: audit until Friday", lines[3].TrimEnd());
    }

    [Fact]
    public void Jobs_SaysUntilWhenAndByWhomAJobIsPaused()
    {
        var job = new JobView("crm.sync", "", "app", null, "UTC", null, JobState.Paused, "v1", null, [], [])
        {
            PausedBy = "cli:ana", PausedUntilUtc = Poll,
        };
        using var output = new StringWriter();

        OutputTables.Jobs(JsonOutput.Serialize(new[] { job }), output);

        Assert.Equal("  crm.sync: paused until 2026-12-04T13:13:28Z by cli:ana (no reason given)", output.ToString().Split('\n')[2].TrimEnd());
    }

    [Fact]
    public void Run_PrintsTheRunsFieldsItsErrorAndItsLogLines()
    {
        var run = new RunView("0195f0c2a1b27c3d", "crm.sync", "manual", RunStatus.Failed, Poll, Poll, Poll.AddSeconds(2), 2000, 1, "node-a", "v1",
            new RunErrorView("System.InvalidOperationException", "boom", "   at Sync()"), ["first line", "second line"]) { Data = "{\"n\":7}" };
        using var output = new StringWriter();

        OutputTables.Run(JsonOutput.Serialize(run), output);

        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Status:    failed", lines);
        Assert.Contains("Data:      {\"n\":7}", lines);
        Assert.Contains("Error:     System.InvalidOperationException: boom", lines);
        Assert.Equal(["Log:", "  first line", "  second line"], lines[^3..]);
    }

    [Fact]
    public void Jobs_CountsTheTriggersBeyondTheFirstFew()
    {
        var triggers = Enumerable.Range(0, OutputTables.TriggersShown + 3)
            .Select(i => new TriggerView($"customer-{i}", "0 * * * *", "UTC", TriggerOrigin.Dynamic, Poll.AddHours(i), null, "fire-once", null)).ToList();
        var job = new JobView("crm.sync", "", "script:sync.csx", "0 * * * *", "UTC", Poll, JobState.Active, "v1", null, triggers, []);
        using var output = new StringWriter();

        OutputTables.Jobs(JsonOutput.Serialize(new[] { job }), output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + OutputTables.TriggersShown + 1, lines.Length);
        Assert.Equal("(+3 more)", lines[^1].Trim());
    }

    [Fact]
    public void Jobs_ListsTheTriggerThatFiresNextFirst_ThoseOfTheSameInstantByKey_AndThoseThatNeverFireLast()
    {
        TriggerView Trigger(string key, DateTimeOffset? next) => new(key, "0 * * * *", "UTC", TriggerOrigin.Dynamic, next, null, "fire-once", null);
        var job = new JobView("crm.sync", "", "script:sync.csx", "0 * * * *", "UTC", Poll, JobState.Active, "v1", null,
            [Trigger("z-never", null), Trigger("b-later", Poll.AddHours(1)), Trigger("a-never", null), Trigger("c-now", Poll), Trigger("a-later", Poll.AddHours(1))],
            []);
        using var output = new StringWriter();

        OutputTables.Jobs(JsonOutput.Serialize(new[] { job }), output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var column = lines[0].IndexOf("TRIGGER", StringComparison.Ordinal);
        Assert.Equal(["c-now", "a-later", "b-later", "a-never", "z-never"], lines[1..6].Select(l => l[column..].Split(' ')[0]));
    }

    [Fact]
    public void History_CutsACellLongerThanSixtyCharacters_WithAnEllipsis_AndPadsTheColumns()
    {
        var run = new RunView("r1", "crm.sync", "manual", RunStatus.Failed, Poll, Poll, Poll.AddSeconds(2), 2000, 1, "node-a", "v1",
            new RunErrorView("System.InvalidOperationException", new string('x', 70), null), []);
        using var output = new StringWriter();

        OutputTables.History(JsonOutput.Serialize(new[] { run }), output);

        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("  " + new string('x', 59) + "…", lines[1], StringComparison.Ordinal);
        Assert.Equal(lines[0].IndexOf("RUN", StringComparison.Ordinal), lines[1].IndexOf("r1", StringComparison.Ordinal));
        Assert.Equal(lines[0].IndexOf("ERROR", StringComparison.Ordinal), lines[1].IndexOf('x', StringComparison.Ordinal));
    }

    [Fact]
    public void History_HasTheRunIdOfEachRun()
    {
        var run = new RunView("0195f0c2a1b27c3d", "crm.sync", "default", RunStatus.Succeeded, Poll, Poll, Poll.AddSeconds(2), 2000, 1, "node-a", "v1", null, []);
        using var output = new StringWriter();

        OutputTables.History(JsonOutput.Serialize(new[] { run }), output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["SCHEDULED", "(UTC)", "RUN", "JOB"], Words(lines[0]).Take(4));
        Assert.Equal(["2026-12-04T13:13:28Z", "0195f0c2a1b27c3d", "crm.sync"], Words(lines[1]).Take(3));
    }

    [Fact]
    public void Trigger_SaysWhyTheRunWaits_WhenNoHostWillStartItNow()
    {
        using var output = new StringWriter();

        OutputTables.Trigger(JsonOutput.Serialize(new TriggerResult("0195f0c2", "no host is running on this store: the run starts when one starts ('kairos run')")), output);

        Assert.Equal("queued run 0195f0c2\nno host is running on this store: the run starts when one starts ('kairos run')\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Info_IsReadableText_NotJson()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>());
        using var output = new StringWriter();

        OutputTables.Info(JsonOutput.Serialize(host.Services.GetOperations().Info()), output);

        var lines = output.ToString().Split('\n');
        Assert.StartsWith("Kairos ", lines[0], StringComparison.Ordinal);
        Assert.EndsWith(", node test-node: host running since 2026-01-05T10:00:30Z", lines[0].TrimEnd(), StringComparison.Ordinal);
        Assert.StartsWith("Store: litedb /", lines[1], StringComparison.Ordinal);
        Assert.Equal("Jobs: 1 in the store, 1 runnable here: test.retry", lines[2].TrimEnd());
        Assert.Contains(lines, l => l.StartsWith("  test-node  alive", StringComparison.Ordinal));
        Assert.Contains("Problems: none", lines.Select(l => l.TrimEnd()));
    }

    [Fact]
    public async Task Info_ListsTheListenersWithWhatEachWasSent()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<RetryJob>().AddListener<RecordingListener>());
        using var output = new StringWriter();

        OutputTables.Info(JsonOutput.Serialize(host.Services.GetOperations().Info()), output);

        var lines = output.ToString().Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains("Listeners (queue capacity 10000, call timeout 00:00:10):", lines);
        Assert.Equal(["Kairos.Tests.Fakes.RecordingListener", "app", "0", "0", "0", "0", "0"],
            Words(lines.Single(l => l.StartsWith("  Kairos.Tests.Fakes.RecordingListener", StringComparison.Ordinal))));
    }

    private static string[] Words(string line) => line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
