using Kairos.Host.Hosting;
using Kairos.Host.Operations.Views;
using Kairos.Host.Scripts;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Storage.History;
using Kairos.IntegrationTests.Scripts.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kairos.IntegrationTests.Scripts;

/// <summary>The script source inside a real host (AddKairos: LiteDB store, scheduler, dispatcher), fired by the scheduler.</summary>
public sealed class ScriptsInARunningHostTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Task<LogEvent> WaitAsync(LogCollector logs, Func<LogEvent, bool> predicate) =>
        Explained(logs, logs.WaitForAsync(predicate, Limit));

    /// <summary>What <paramref name="read"/> saw as the first matching event was written (see <see cref="LogCollector.ReadWhenLoggedAsync"/>).</summary>
    private static Task<T> WhenLoggedAsync<T>(LogCollector logs, Func<LogEvent, bool> predicate, Func<T> read) =>
        Explained(logs, logs.ReadWhenLoggedAsync(predicate, read, Limit));

    private static async Task<T> Explained<T>(LogCollector logs, Task<T> wait)
    {
        try
        {
            return await wait;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException("the expected log event did not come; the log was:\n" + string.Join("\n", logs.Events.Select(e => $"{e.EventId} {e.Category}: {e.Message}")));
        }
    }

    [Fact]
    public async Task ScriptsThatThrowHangOrIgnoreCancellation_AreRecordedLikeAnyJob_AndABrokenScriptBlocksNothing()
    {
        ScriptHost.Seed(_temp.Path, "fails.csx", "// kairos: id = host.fails\n// kairos: interval = 1s\n\nthrow new InvalidOperationException(\"disk full\");\n");
        ScriptHost.Seed(_temp.Path, "hangs.csx", "// kairos: id = host.hangs\n// kairos: interval = 1s\n// kairos: timeout = 300ms\nawait Task.Delay(Timeout.Infinite, CancellationToken);\n");
        ScriptHost.Seed(_temp.Path, "ignores.csx", "// kairos: id = host.ignores\n// kairos: interval = 1s\n// kairos: timeout = 200ms\nThread.Sleep(1500);\n");
        ScriptHost.Seed(_temp.Path, "broken.csx", "// kairos: id = host.broken\n// kairos: interval = 1s\nthis does not compile\n");
        ScriptHost.Seed(_temp.Path, "fine.csx", "// kairos: id = host.fine\n// kairos: interval = 1s\nLogger.LogInformation(\"fine\");\n");
        var logs = new LogCollector();
        using var host = BuildHost(logs, o => o.CancellationGrace = TimeSpan.FromMilliseconds(200));
        await host.StartAsync();
        var runs = host.Services.GetRequiredService<IRunHistory>();

        await WaitAsync(logs, e => e.EventId == 501 && e.Message.Contains("of host.fails ended failed", StringComparison.Ordinal));
        await WaitAsync(logs, e => e.EventId == 501 && e.Message.Contains("of host.hangs ended timed-out", StringComparison.Ordinal));
        await WaitAsync(logs, e => e.EventId == 501 && e.Message.Contains("of host.ignores ended timed-out", StringComparison.Ordinal));
        await WaitAsync(logs, e => e.EventId == 501 && e.Message.Contains("of host.fine ended succeeded", StringComparison.Ordinal));

        var failed = runs.Query("host.fails", RunStatus.Failed, 1)[0];
        Assert.Equal(("System.InvalidOperationException", "disk full"), (failed.ErrorType, failed.ErrorMessage));
        Assert.Contains("fails.csx:line 4", failed.ErrorStack, StringComparison.Ordinal);
        Assert.Contains("ignored cancellation", runs.Query("host.ignores", RunStatus.TimedOut, 1)[0].ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(runs.Query("host.broken", null, 10));
        // Never compiled, so never stored: `jobs` still lists it, broken, with the compiler's diagnostic.
        var listed = host.Services.GetRequiredService<KairosOperations>().Jobs().Single(j => j.Id == "host.broken");
        Assert.Equal((JobState.Broken, "script:broken.csx"), (listed.State, listed.Source));
        Assert.Contains(listed.Problems, p => p.Contains("error CS0027", StringComparison.Ordinal));
        var broken = host.Services.GetRequiredService<ScriptStatusBoard>().Snapshot().Scripts.Single(s => s.Path == "broken.csx");
        Assert.Equal((ScriptState.Broken, "host.broken", null), (broken.State, broken.JobId, broken.Version));
        Assert.StartsWith("broken.csx(3,1): error CS0027:", broken.Diagnostics[0], StringComparison.Ordinal);
        Assert.Contains(host.Services.GetRequiredService<Host.Catalog.JobCatalog>().Current.Problems, p => p.JobId == "host.broken");

        await host.StopAsync();
    }

    private IHost BuildHost(LogCollector logs, Action<KairosOptions>? configure = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _temp.Path });
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Services.AddKairos(o =>
        {
            o.DatabasePath = Path.Combine(_temp.Path, "data", "kairos.db");
            o.CreateStore = true;
            o.ScriptsPath = Path.Combine(_temp.Path, "scripts");
            o.PluginsPath = "";
            o.ControlApi = false;
            configure?.Invoke(o);
        });
        builder.Services.Configure<ScriptSourceOptions>(o => o.Debounce = TimeSpan.FromMilliseconds(50));
        return builder.Build();
    }

    private static string Tick(string body) => $"// kairos: id = host.tick\n// kairos: description = ticks every second\n// kairos: interval = 1s\n{body}\n";

    [Fact]
    public async Task ScheduledRuns_CarryTheScriptVersion_AndJobsShowBrokenThenOrphaned()
    {
        ScriptHost.Seed(_temp.Path, "tick.csx", Tick("Logger.LogInformation(\"tick v1\");"));
        var logs = new LogCollector();
        using var host = BuildHost(logs);
        await host.StartAsync();
        var operations = host.Services.GetRequiredService<KairosOperations>();
        var runs = host.Services.GetRequiredService<IRunHistory>();
        var board = host.Services.GetRequiredService<ScriptStatusBoard>();
        var v1 = board.Snapshot().Scripts.Single().Version!;

        var first = await WaitAsync(logs, e => e.EventId == 501 && e.Message.Contains("host.tick ended succeeded", StringComparison.Ordinal));
        var record = runs.Query("host.tick", RunStatus.Succeeded, 10)[0];
        Assert.Equal(v1, record.Version);
        Assert.Contains(record.Log, l => l.Contains("tick v1", StringComparison.Ordinal));
        var job = Assert.Single(operations.Jobs(), j => j.Id == "host.tick");
        Assert.Equal(("script:tick.csx", JobState.Active, v1), (job.Source, job.State, job.Version));

        // Each transition is checked in `jobs` as its event is written (CI once saw 'active' right after event 307).
        JobView? TickJob() => operations.Jobs().FirstOrDefault(j => j.Id == "host.tick");

        var broken = WhenLoggedAsync(logs, e => e.EventId == 304, TickJob);
        File.WriteAllText(Path.Combine(_temp.Path, "scripts", "tick.csx"), Tick("var n = 2\nLogger.LogInformation(\"tick v{N}\", n);"));
        job = Assert.IsType<JobView>(await broken);
        Assert.Equal((JobState.Broken, v1), (job.State, job.Version));
        Assert.Contains("tick.csx(4,10): error CS1002: ; expected", Assert.Single(job.Problems), StringComparison.Ordinal);

        var healed = WhenLoggedAsync(logs, e => e.EventId == 323, TickJob);
        File.WriteAllText(Path.Combine(_temp.Path, "scripts", "tick.csx"), Tick("var n = 2;\nLogger.LogInformation(\"tick v{N}\", n);"));
        job = Assert.IsType<JobView>(await healed);
        // The version comes from the catalog, which shows it before 323 is logged; the status board is only updated
        // at the end of the scan, so read right after the event it could still show v1 (and every check below pass on v1).
        var v2 = job.Version!;
        Assert.Equal(JobState.Active, job.State);
        Assert.NotEqual(v1, v2);
        await WaitAsync(logs, e => e.Category == "Kairos.Job.host.tick" && e.Message == "tick v2");
        await WaitAsync(logs, e => e.EventId == 501 && e.Message.Contains("host.tick ended succeeded", StringComparison.Ordinal)
            && runs.Query("host.tick", RunStatus.Succeeded, 100).Any(r => r.Version == v2));
        Assert.Equal(JobState.Active, Assert.Single(operations.Jobs(), j => j.Id == "host.tick").State);

        var orphaned = WhenLoggedAsync(logs, e => e.EventId == 307, TickJob);
        File.Delete(Path.Combine(_temp.Path, "scripts", "tick.csx"));
        Assert.Equal(JobState.Orphaned, (await orphaned)?.State);
        Assert.Equal(JobState.Orphaned, Assert.Single(operations.Jobs(), j => j.Id == "host.tick").State);
        var info = operations.Info();
        Assert.IsType<ScriptsSnapshot>(info["scripts"]);
        Assert.NotNull(first);

        await host.StopAsync();
    }
}
