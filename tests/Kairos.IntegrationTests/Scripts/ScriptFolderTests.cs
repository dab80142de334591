using Kairos.Host.Scripts;
using Kairos.IntegrationTests.Scripts.Fakes;

namespace Kairos.IntegrationTests.Scripts;

public sealed class ScriptFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

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

        Assert.Equal(ScriptStatus.Broken, host.Status("job.csx").State);
        Assert.Contains("error KRS102", Assert.Single(host.Status("job.csx").Diagnostics), StringComparison.Ordinal);
        Assert.False(host.Catalog.TryGetHandler("unsafe.file", out _));

        File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
        await host.Source.RescanAsync();

        Assert.Equal(ScriptStatus.Healthy, host.Status("job.csx").State);
        Assert.True(host.Catalog.TryGetHandler("unsafe.file", out _));
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
        await host.WaitForVersionAsync("new.csx", s => s.State == ScriptStatus.Healthy, "the new script");
        Assert.Equal("script:new.csx", host.Handler("created.later").Source);
    }

    [Fact]
    public async Task ScriptWithoutHeader_IsALibrary_AndBecomesAJobWhenAHeaderIsAdded()
    {
        ScriptHost.Seed(_temp.Path, "maybe.csx", "Logger.LogInformation(\"hi\");\n");
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        Assert.Equal(ScriptStatus.Library, host.Status("maybe.csx").State);

        host.Write("maybe.csx", "// kairos: id = now.a.job\nLogger.LogInformation(\"hi\");\n");
        await host.WaitForVersionAsync("maybe.csx", s => s.State == ScriptStatus.Healthy, "the script to become a job");

        Assert.Equal(["Information: hi"], (await host.RunAsync("now.a.job")).Log.Lines);
    }
}
