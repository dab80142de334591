using Kairos.Host.Scripts.Loading;
using Kairos.Host.Scripts.Status;
using Kairos.IntegrationTests.Scripts.Fakes;

namespace Kairos.IntegrationTests.Scripts;

public sealed class ScriptReloadTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Job(string id, string body) => $"// kairos: id = {id}\n// kairos: cron = 0 * * * *\n{body}\n";

    [Fact]
    public async Task Start_PublishesEveryScript_BeforeStartReturns()
    {
        ScriptHost.Seed(_temp.Path, "hello.csx", Job("hello.world", "Logger.LogInformation(\"hello from {Job}\", JobId);"));
        ScriptHost.Seed(_temp.Path, "ops/nightly.csx", Job("ops.nightly", "await Task.Yield();"));
        ScriptHost.Seed(_temp.Path, "lib/helpers.csx", "static int Two() => 2;\n");

        await using var host = await ScriptHost.StartAsync(_temp.Path);

        var hello = Assert.IsType<ScriptJobHandler>(host.Handler("hello.world"));
        Assert.Equal("script:hello.csx", hello.Source);
        Assert.Equal("script:ops/nightly.csx", host.Handler("ops.nightly").Source);
        Assert.Equal(new ScriptStatus("hello.csx", "script:hello.csx", "hello.world", ScriptState.Healthy, hello.Version, hello.Version, []), host.Status("hello.csx"));
        Assert.Equal(ScriptState.Library, host.Status("lib/helpers.csx").State);
        Assert.Equal((2L, 0L), (host.Counters.Compiles, host.Counters.CacheHits));
        var run = await host.RunAsync("hello.world");
        Assert.Equal(["Information: hello from hello.world"], run.Log.Lines);
    }

    [Fact]
    public async Task BadEdit_KeepsTheLastGoodVersionRunning_ShowsTheJobBroken_AndFixingHealsIt()
    {
        ScriptHost.Seed(_temp.Path, "edit.csx", Job("edit.me", "Logger.LogInformation(\"v1\");"));
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var good = host.Status("edit.csx").Version;

        host.Write("edit.csx", Job("edit.me", "var answer = 42\nLogger.LogInformation(\"v2 {A}\", answer);"));
        await host.WaitForVersionAsync("edit.csx", s => s.State == ScriptState.Broken, "the bad edit to be reported");

        var broken = host.Status("edit.csx");
        Assert.Equal(good, broken.Version);
        Assert.NotEqual(good, broken.FileVersion);
        Assert.Equal(["edit.csx(3,16): error CS1002: ; expected"], broken.Diagnostics);
        var problem = Assert.Single(host.Catalog.Current.Problems);
        Assert.Equal("edit.me", problem.JobId);
        Assert.Equal("script:edit.csx", problem.Source);
        Assert.Contains("edit.csx(3,16): error CS1002: ; expected", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"version {good} keeps running", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["Information: v1"], (await host.RunAsync("edit.me")).Log.Lines);

        host.Write("edit.csx", Job("edit.me", "var answer = 42;\nLogger.LogInformation(\"v2 {A}\", answer);"));
        await host.WaitForVersionAsync("edit.csx", s => s.State == ScriptState.Healthy && s.Version != good, "the fix to be loaded");

        Assert.Empty(host.Catalog.Current.Problems);
        Assert.Equal(["Information: v2 42"], (await host.RunAsync("edit.me")).Log.Lines);
        Assert.Equal(1, host.Logs.Count(304));
        Assert.Equal(1, host.Logs.Count(323));
    }

    [Fact]
    public async Task EditThatCallsEnvironmentExit_IsRefusedWithKRS110_AndTheLastGoodVersionKeepsRunning()
    {
        ScriptHost.Seed(_temp.Path, "quit.csx", Job("quit.me", "Logger.LogInformation(\"v1\");"));
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var good = host.Status("quit.csx").Version;

        host.Write("quit.csx", Job("quit.me", "Logger.LogInformation(\"v2\");\nEnvironment.Exit(3);"));
        await host.WaitForVersionAsync("quit.csx", s => s.State == ScriptState.Broken, "the edit that calls Environment.Exit to be refused");

        var broken = host.Status("quit.csx");
        Assert.Equal(good, broken.Version);
        Assert.Equal(
            ["quit.csx(4,1): error KRS110: calls System.Environment.Exit, which ends the host process and every job in it; end the run by returning or throwing instead (set Kairos:AllowProcessExit to true to allow it)"],
            broken.Diagnostics);
        var problem = Assert.Single(host.Catalog.Current.Problems);
        Assert.Equal("quit.me", problem.JobId);
        Assert.Contains($"version {good} keeps running", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["Information: v1"], (await host.RunAsync("quit.me")).Log.Lines);
    }

    [Fact]
    public async Task UndoingABadEdit_RepublishesTheRunningVersion_WithoutLoadingAnything()
    {
        var good = Job("undo.me", "Logger.LogInformation(\"v1\");");
        ScriptHost.Seed(_temp.Path, "undo.csx", good);
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var running = host.Handler("undo.me");

        host.Write("undo.csx", Job("undo.me", "Logger.LogInformation(\"v1\")\nvar"));
        await host.WaitForVersionAsync("undo.csx", s => s.State == ScriptState.Broken, "the bad edit");
        host.Write("undo.csx", good);
        await host.WaitForVersionAsync("undo.csx", s => s.State == ScriptState.Healthy, "the undo");

        Assert.Same(running, host.Handler("undo.me"));
        Assert.Empty(host.Catalog.Current.Problems);
        Assert.Equal((2L, 0L, 0L), (host.Counters.Compiles, host.Counters.CacheHits, host.Counters.Unloads));
    }

    [Fact]
    public async Task BadHeaderEdit_ReportsTheLine_AndKeepsTheLastGoodVersion()
    {
        ScriptHost.Seed(_temp.Path, "h.csx", Job("header.check", "return;"));
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var good = host.Status("h.csx").Version;

        host.Write("h.csx", "// kairos: id = header.check\n// kairos: cron = 61 * * * *\n// kairos: tz = Moon/Base\nreturn;\n");
        await host.WaitForVersionAsync("h.csx", s => s.State == ScriptState.Broken, "the header error");

        Assert.Equal(
            [
                "h.csx(2,19): error KRS002: invalid cron expression '61 * * * *': the minute field '61' is not valid (61 is higher than the maximum allowable value for the [Minute] field. Value must be between 0 and 59 (all inclusive)); expected 0-59, '*', a range 'a-b', a list 'a,b' or a step '*/n' or 'a-b/n'",
                "h.csx(3,17): error KRS002: unknown time zone 'Moon/Base': expected an IANA id such as 'UTC' or 'Europe/London'",
            ],
            host.Status("h.csx").Diagnostics);
        Assert.Same(host.Handler("header.check"), host.Handler("header.check"));
        Assert.Equal(good, host.Handler("header.check").Version);
        Assert.Equal(0, host.Counters.CompileFailures);
        Assert.Equal("header.check", Assert.Single(host.Catalog.Current.Problems).JobId);
    }

    [Fact]
    public async Task Edit_WhileARunIsInFlight_LetsTheOldRunFinishOnTheOldVersion()
    {
        ScriptHost.Seed(_temp.Path, "long.csx", Job("long.run", "Logger.LogInformation(\"v1 started\");\nawait Triggers.ListAsync(CancellationToken);\nLogger.LogInformation(\"v1 finished\");"));
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var old = host.Handler("long.run");
        var gate = new GatedTriggers();
        var inFlight = ScriptHost.RunAsync(old, null, gate, CancellationToken.None);
        await gate.Entered.WaitAsync(Limit);

        host.Write("long.csx", Job("long.run", "Logger.LogInformation(\"v2\");"));
        await host.WaitForVersionAsync("long.csx", s => s.Version != old.Version && s.State == ScriptState.Healthy, "the new version");

        Assert.Equal(["Information: v2"], (await host.RunAsync("long.run")).Log.Lines);
        Assert.False(inFlight.IsCompleted);
        Assert.Equal(1, old.InFlight);
        Assert.Equal(0, host.Counters.Unloads);

        gate.Open();
        var finished = await inFlight.WaitAsync(Limit);
        Assert.Equal(["Information: v1 started", "Information: v1 finished"], finished.Log.Lines);
        await host.Source.WhenIdleAsync().WaitAsync(Limit);
        Assert.Equal((1L, 1L, 0L), (host.Counters.Unloads, host.Counters.UnloadsCollected, host.Counters.Leaks));
    }

    [Fact]
    public async Task Reload_CancelsTheOldRun_WhenItOutlivesTheDrainGrace()
    {
        ScriptHost.Seed(_temp.Path, "stuck.csx", Job("stuck.run", "await Triggers.ListAsync(CancellationToken);"));
        await using var host = await ScriptHost.StartAsync(_temp.Path, k => k.DrainGrace = TimeSpan.FromMilliseconds(100));
        var gate = new GatedTriggers();
        Task<TestJobContext>? inFlight = ScriptHost.RunAsync(host.Handler("stuck.run"), null, gate, CancellationToken.None);
        await gate.Entered.WaitAsync(Limit);

        host.Write("stuck.csx", Job("stuck.run", "return;"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inFlight.WaitAsync(Limit));
        inFlight = null; // its exception's stack trace would keep the old version's code alive
        await host.WaitForAsync(s => s.Counters.UnloadsCollected == 1, "the old version to be collected");
        Assert.Equal(1, host.Logs.Count(308));
    }

    [Fact]
    public async Task LoadDependencyChange_ReloadsEveryScriptThatLoadsIt()
    {
        ScriptHost.Seed(_temp.Path, "lib/greeting.csx", "static string Greeting() => \"hello v1\";\n");
        ScriptHost.Seed(_temp.Path, "a.csx", Job("dep.a", "#load \"lib/greeting.csx\"\nLogger.LogInformation(Greeting() + \" from a\");"));
        ScriptHost.Seed(_temp.Path, "sub/b.csx", Job("dep.b", "#load \"../lib/greeting.csx\"\nLogger.LogInformation(Greeting() + \" from b\");"));
        ScriptHost.Seed(_temp.Path, "c.csx", Job("dep.c", "Logger.LogInformation(\"unrelated\");"));
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var before = host.Board.Snapshot().Scripts.ToDictionary(s => s.Path, s => s.Version);

        host.Write("lib/greeting.csx", "static string Greeting() => \"hello v2\";\n");
        await host.WaitForAsync(s => s.Scripts.Where(x => x.Path is "a.csx" or "sub/b.csx").All(x => x.Version != before[x.Path]),
            "both dependent scripts to reload");

        Assert.Equal(before["c.csx"], host.Status("c.csx").Version);
        Assert.Equal(["Information: hello v2 from a"], (await host.RunAsync("dep.a")).Log.Lines);
        Assert.Equal(["Information: hello v2 from b"], (await host.RunAsync("dep.b")).Log.Lines);
        await host.Source.WhenIdleAsync().WaitAsync(Limit);
        Assert.Equal((2L, 2L), (host.Counters.Reloads, host.Counters.UnloadsCollected));
    }

    [Fact]
    public async Task Delete_RemovesTheSource_SoTheJobIsOrphaned_BeforeTheRemovalIsLogged()
    {
        ScriptHost.Seed(_temp.Path, "gone.csx", Job("soon.gone", "return;"));
        ScriptHost.Seed(_temp.Path, "stays.csx", Job("stays", "return;"));
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        // Read on the logging thread, as the event is written: the catalog the log line reports.
        var removal = host.Logs.ReadWhenLoggedAsync(e => e.EventId == 307, () => host.Catalog.TryGetHandler("soon.gone", out _), Limit);

        File.Delete(Path.Combine(host.ScriptsFolder, "gone.csx"));
        var publishedWhenLogged = await removal;
        await host.WaitForAsync(s => s.Scripts.All(x => x.Path != "gone.csx"), "the deleted script to disappear");

        Assert.False(publishedWhenLogged);

        Assert.False(host.Catalog.TryGetHandler("soon.gone", out _));
        Assert.True(host.Catalog.TryGetHandler("stays", out _));
        Assert.Equal(1, host.Logs.Count(307));
        await host.WaitForAsync(s => s.Counters.UnloadsCollected == 1, "the deleted version to be collected");
    }

    [Fact]
    public async Task Rename_MovesTheJobToItsNewSource()
    {
        ScriptHost.Seed(_temp.Path, "old-name.csx", Job("moving.job", "return;"));
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        Directory.CreateDirectory(Path.Combine(host.ScriptsFolder, "ops"));

        File.Move(Path.Combine(host.ScriptsFolder, "old-name.csx"), Path.Combine(host.ScriptsFolder, "ops", "new-name.csx"));
        await host.WaitForAsync(s => s.Scripts.Any(x => x.Path == "ops/new-name.csx" && x.State == ScriptState.Healthy)
            && s.Scripts.All(x => x.Path != "old-name.csx"), "the renamed script");

        Assert.Equal("script:ops/new-name.csx", host.Handler("moving.job").Source);
        Assert.Empty(host.Catalog.Current.Problems);
    }

    [Fact]
    public async Task Polling_NoticesAnEdit_WhenTheWatcherIsOff()
    {
        ScriptHost.Seed(_temp.Path, "polled.csx", Job("polled", "return 1;"));
        await using var host = await ScriptHost.StartAsync(_temp.Path, scripts: s =>
        {
            s.UseFileSystemWatcher = false;
            s.PollInterval = TimeSpan.FromMilliseconds(100);
        });
        var before = host.Status("polled.csx").Version;

        host.Write("polled.csx", Job("polled", "return 2;"));

        await host.WaitForVersionAsync("polled.csx", s => s.Version != before, "the poll to notice the edit");
    }

    [Fact]
    public async Task DuplicateJobId_IsRefusedForTheSecondScript_UntilTheFirstIsDeleted()
    {
        ScriptHost.Seed(_temp.Path, "first.csx", Job("same.id", "Logger.LogInformation(\"first\");"));
        ScriptHost.Seed(_temp.Path, "second.csx", Job("same.id", "Logger.LogInformation(\"second\");"));
        await using var host = await ScriptHost.StartAsync(_temp.Path);

        Assert.Equal("script:first.csx", host.Handler("same.id").Source);
        var second = host.Status("second.csx");
        Assert.Equal(ScriptState.Broken, second.State);
        Assert.Contains("already declared by script:first.csx", Assert.Single(second.Diagnostics), StringComparison.Ordinal);

        File.Delete(Path.Combine(host.ScriptsFolder, "first.csx"));
        await host.WaitForVersionAsync("second.csx", s => s.State == ScriptState.Healthy, "the second script to take the id");

        Assert.Equal(["Information: second"], (await host.RunAsync("same.id")).Log.Lines);
    }
}
