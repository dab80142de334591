using Kairos.Host.Scripts.Status;
using Kairos.IntegrationTests.Scripts.Fakes;
using Microsoft.Extensions.Logging;

namespace Kairos.IntegrationTests.Scripts;

public sealed class ScriptFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AScriptWithAMisspeltHeader_IsALibrary_NamedInAnInformationLine_ThatSaysHowAJobStarts()
    {
        ScriptHost.Seed(_temp.Path, "nightly.csx", "// kairo: id = typo.nightly\n// kairos cron = 0 3 * * *\nreturn;\n");

        await using var host = await ScriptHost.StartAsync(_temp.Path);

        Assert.Equal(ScriptState.Library, host.Status("nightly.csx").State);
        var line = Assert.Single(host.Logs.Events, e => e.EventId == 319);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal(
            "Script nightly.csx has no '// kairos:' header; it is a library for #load, not a job (a job script starts with a line '// kairos: id = JOB-ID')",
            line.Message);
    }

    [Fact]
    public async Task WorldWritableFolder_IsRefused()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        ScriptHost.Seed(_temp.Path, "job.csx", "// kairos: id = unsafe.folder\nreturn;\n");
        File.SetUnixFileMode(Path.Combine(_temp.Path, "scripts"), (UnixFileMode)0b111_111_111);

        await using var host = await ScriptHost.StartAsync(_temp.Path);

        var snapshot = host.Board.Snapshot();
        Assert.False(snapshot.Enabled);
        Assert.Contains("writable by every user (mode 777)", snapshot.Problem, StringComparison.Ordinal);
        Assert.Empty(host.Catalog.Current.Handlers);
        Assert.Equal(1, host.Logs.Count(301));
    }

    [Fact]
    public async Task WorldWritableScript_IsRefused_AndLoadedOnceFixed()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        ScriptHost.Seed(_temp.Path, "job.csx", "// kairos: id = unsafe.file\nreturn;\n");
        var file = Path.Combine(_temp.Path, "scripts", "job.csx");
        File.SetUnixFileMode(file, (UnixFileMode)0b110_110_110);

        await using var host = await ScriptHost.StartAsync(_temp.Path);

        Assert.Equal(ScriptState.Broken, host.Status("job.csx").State);
        Assert.Contains("error KRS102", Assert.Single(host.Status("job.csx").Diagnostics), StringComparison.Ordinal);
        Assert.False(host.Catalog.TryGetHandler("unsafe.file", out _));

        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        await host.Source.RescanAsync();

        Assert.Equal(ScriptState.Healthy, host.Status("job.csx").State);
        Assert.True(host.Catalog.TryGetHandler("unsafe.file", out _));
    }

    [Fact]
    public async Task Rescan_RefusesNewAndChangedScripts_KeepsTheRunningVersion_WhenTheRunningFolderBecomesWorldWritable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        ScriptHost.Seed(_temp.Path, "job.csx", "// kairos: id = trust.running\nreturn;\n");
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var running = host.Handler("trust.running").Version;

        File.SetUnixFileMode(host.ScriptsFolder, (UnixFileMode)0b111_111_111);
        host.Write("job.csx", "// kairos: id = trust.running\nreturn; // changed\n");
        host.Write("dropped.csx", "// kairos: id = trust.dropped\nreturn;\n");
        await host.Source.RescanAsync();

        Assert.False(host.Catalog.TryGetHandler("trust.dropped", out _));
        Assert.Equal(running, host.Handler("trust.running").Version);
        var refusal = $"'{host.ScriptsFolder}' is writable by every user (mode 777)";
        var fix = $"chmod o-w {host.ScriptsFolder}";
        Assert.All(new[] { "dropped.csx", "job.csx" }, path =>
        {
            var status = host.Status(path);
            Assert.Equal(ScriptState.Broken, status.State);
            Assert.Contains(refusal, Assert.Single(status.Diagnostics), StringComparison.Ordinal);
            Assert.Contains(fix, status.Diagnostics[0], StringComparison.Ordinal);
        });
        Assert.Contains(host.Catalog.Current.Problems, p => p.JobId == "trust.running" && p.Message.Contains(refusal, StringComparison.Ordinal)
            && p.Message.Contains($"version {running} keeps running", StringComparison.Ordinal));
        Assert.Contains(host.Catalog.Current.Problems, p => p.JobId == "trust.dropped" && p.Message.Contains(refusal, StringComparison.Ordinal));
        Assert.Single(host.Logs.Events, e => e.EventId == 900 && e.Message.Contains(refusal, StringComparison.Ordinal) && e.Message.Contains(fix, StringComparison.Ordinal));

        File.SetUnixFileMode(host.ScriptsFolder, (UnixFileMode)0b111_101_101);
        await host.Source.RescanAsync();

        Assert.True(host.Catalog.TryGetHandler("trust.dropped", out _));
        Assert.NotEqual(running, host.Handler("trust.running").Version);
        Assert.Empty(host.Catalog.Current.Problems);
        Assert.Equal(1, host.Logs.Count(901));
    }

    [Theory]
    [InlineData(0b111_111_111)]
    [InlineData(0b1_111_111_111)] // the sticky bit (like /tmp) does not make a folder of code safe: anyone may add a script
    public async Task Rescan_RefusesNewAndChangedScripts_KeepsTheRunningVersion_WhenASubfolderBecomesWorldWritable(int mode)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        ScriptHost.Seed(_temp.Path, "team/job.csx", "// kairos: id = trust.team\nreturn;\n");
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var running = host.Handler("trust.team").Version;
        var subfolder = Path.Combine(host.ScriptsFolder, "team");

        File.SetUnixFileMode(subfolder, (UnixFileMode)mode);
        host.Write("team/job.csx", "// kairos: id = trust.team\nreturn; // changed\n");
        host.Write("team/dropped.csx", "// kairos: id = trust.team-dropped\nreturn;\n");
        await host.Source.RescanAsync();

        Assert.False(host.Catalog.TryGetHandler("trust.team-dropped", out _));
        Assert.Equal(running, host.Handler("trust.team").Version);
        Assert.Contains($"'{subfolder}' is writable by every user (mode {Convert.ToString(mode, 8)})", Assert.Single(host.Status("team/job.csx").Diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescan_RefusesAChangedScript_KeepsTheRunningVersion_WhenTheFileBecomesWorldWritable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        ScriptHost.Seed(_temp.Path, "job.csx", "// kairos: id = trust.file\nLogger.LogInformation(\"v1\");\n");
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var file = Path.Combine(host.ScriptsFolder, "job.csx");

        File.SetUnixFileMode(file, (UnixFileMode)0b110_110_110);
        await File.WriteAllTextAsync(file, "// kairos: id = trust.file\nLogger.LogInformation(\"written by someone else\");\n");
        await host.Source.RescanAsync();

        Assert.Equal(["Information: v1"], (await host.RunAsync("trust.file")).Log.Lines);
        Assert.Contains($"'{file}' is writable by every user (mode 666)", Assert.Single(host.Status("job.csx").Diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescan_RefusesAChangedLoadTarget_KeepsTheRunningVersion_WhenItsFolderOutsideTheScriptsFolderBecomesWorldWritable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        var shared = Directory.CreateDirectory(Path.Combine(_temp.Path, "shared")).FullName;
        await File.WriteAllTextAsync(Path.Combine(shared, "greeting.csx"), "static string Greeting() => \"v1\";\n");
        ScriptHost.Seed(_temp.Path, "job.csx", "// kairos: id = trust.load\n#load \"../shared/greeting.csx\"\nLogger.LogInformation(Greeting());\n");
        await using var host = await ScriptHost.StartAsync(_temp.Path);

        File.SetUnixFileMode(shared, (UnixFileMode)0b111_111_111);
        await File.WriteAllTextAsync(Path.Combine(shared, "greeting.csx"), "static string Greeting() => \"written by someone else\";\n");
        await host.Source.RescanAsync();

        Assert.Equal(["Information: v1"], (await host.RunAsync("trust.load")).Log.Lines);
        Assert.Contains($"'{shared}' is writable by every user (mode 777)", Assert.Single(host.Status("job.csx").Diagnostics), StringComparison.Ordinal);

        File.SetUnixFileMode(shared, (UnixFileMode)0b111_101_101);
        await host.Source.RescanAsync();

        Assert.Equal(["Information: written by someone else"], (await host.RunAsync("trust.load")).Log.Lines);
    }

    [Fact]
    public async Task Rescan_RefusesAChangedReference_KeepsTheRunningVersion_WhenItsFileBecomesWorldWritable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        var libs = Directory.CreateDirectory(Path.Combine(_temp.Path, "libs")).FullName;
        var library = Path.Combine(libs, "NoJobsPlugin.dll");
        File.Copy(Path.Combine(Plugins.PluginFixtures.OutputOf("NoJobsPlugin"), "NoJobsPlugin.dll"), library);
        ScriptHost.Seed(_temp.Path, "job.csx", "// kairos: id = trust.reference\n#r \"../libs/NoJobsPlugin.dll\"\nreturn;\n");
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var running = host.Handler("trust.reference").Version;

        File.SetUnixFileMode(library, (UnixFileMode)0b110_110_110);
        File.SetLastWriteTimeUtc(library, File.GetLastWriteTimeUtc(library).AddMinutes(1));
        await host.Source.RescanAsync();

        Assert.Equal(running, host.Handler("trust.reference").Version);
        Assert.Contains($"'{library}' is writable by every user (mode 666)", Assert.Single(host.Status("job.csx").Diagnostics), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyScriptsPath_DisablesScripts()
    {
        await using var host = await ScriptHost.StartAsync(_temp.Path, k => k.ScriptsPath = "");

        Assert.False(host.Board.Snapshot().Enabled);
        Assert.Equal(1, host.Logs.Count(300));
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Source.RescanAsync());
    }

    [Fact]
    public async Task MissingFolder_IsCreated_AndWatched()
    {
        await using var host = await ScriptHost.StartAsync(_temp.Path);

        Assert.True(Directory.Exists(host.ScriptsFolder));
        host.Write("new.csx", "// kairos: id = created.later\nreturn;\n");
        await host.WaitForVersionAsync("new.csx", s => s.State == ScriptState.Healthy, "the new script");
        Assert.Equal("script:new.csx", host.Handler("created.later").Source);
    }

    [Fact]
    public async Task ScriptWithoutHeader_IsALibrary_AndBecomesAJobWhenAHeaderIsAdded()
    {
        ScriptHost.Seed(_temp.Path, "maybe.csx", "Logger.LogInformation(\"hi\");\n");
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        Assert.Equal(ScriptState.Library, host.Status("maybe.csx").State);

        host.Write("maybe.csx", "// kairos: id = now.a.job\nLogger.LogInformation(\"hi\");\n");
        await host.WaitForVersionAsync("maybe.csx", s => s.State == ScriptState.Healthy, "the script to become a job");

        Assert.Equal(["Information: hi"], (await host.RunAsync("now.a.job")).Log.Lines);
    }
}
