using System.IO.Compression;
using System.Text.Json;
using Kairos.Host.Scripts.Status;
using Kairos.IntegrationTests.Scripts.Fakes;

namespace Kairos.IntegrationTests.Scripts;

/// <summary>The sample scripts of the repository's <c>scripts/</c> folder, loaded and run as a user would.</summary>
public sealed class SampleScriptsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Samples_AllLoadHealthy()
    {
        await using var host = await StartWithSamplesAsync();

        var scripts = host.Board.Snapshot().Scripts;
        Assert.Contains(scripts, s => s is { Path: "disk-usage.csx", JobId: "reports.disk-usage", State: ScriptState.Healthy });
        Assert.Contains(scripts, s => s is { Path: "compress-logs.csx", JobId: "logs.compress-old", State: ScriptState.Healthy });
        Assert.Contains(scripts, s => s is { Path: "hello.csx", JobId: "samples.hello", State: ScriptState.Healthy });
        Assert.Contains(scripts, s => s is { Path: "lib/format.csx", State: ScriptState.Library });
        Assert.DoesNotContain(scripts, s => s.State == ScriptState.Broken);
        var compress = host.Handler("logs.compress-old").Definition;
        Assert.Equal(("Europe/London", "30 3 * * *"), (compress.Triggers[0].TimeZone, compress.Triggers[0].CronExpression));
    }

    [Fact]
    public async Task Hello_FiresEveryTenSeconds_AndSaysWhereToEditIt()
    {
        await using var host = await StartWithSamplesAsync();

        var trigger = Assert.Single(host.Handler("samples.hello").Definition.Triggers);
        var run = await host.RunAsync("samples.hello");

        Assert.Equal((TriggerKind.Interval, TimeSpan.FromSeconds(10)), (trigger.Kind, trigger.Period));
        var line = Assert.Single(run.Log.Lines);
        Assert.StartsWith("Information: Hello from scripts/hello.csx (fire due at ", line, StringComparison.Ordinal);
        Assert.EndsWith(" UTC). Edit me and save.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiskUsage_ReportsTotalsLargestFoldersAndFiles_OfTheFolderInItsData()
    {
        var measured = Directory.CreateDirectory(Path.Combine(_temp.Path, "measured")).FullName;
        Directory.CreateDirectory(Path.Combine(measured, "a"));
        Directory.CreateDirectory(Path.Combine(measured, "b"));
        await File.WriteAllBytesAsync(Path.Combine(measured, "a", "big.bin"), new byte[3000]);
        await File.WriteAllBytesAsync(Path.Combine(measured, "b", "x.txt"), new byte[100]);
        await File.WriteAllBytesAsync(Path.Combine(measured, "root.txt"), new byte[10]);
        await using var host = await StartWithSamplesAsync();

        var run = await host.RunAsync("reports.disk-usage", Data(new { folder = measured, top = 2 }));

        Assert.Equal(
            [
                $"Information: {measured}: 3.0 KiB in 3 files",
                "Information: folder a: 2.9 KiB (96.5%)",
                "Information: folder b: 100 B (3.2%)",
                $"Information: file {Path.Combine("a", "big.bin")}: 2.9 KiB",
                $"Information: file {Path.Combine("b", "x.txt")}: 100 B",
            ],
            run.Log.Lines);
    }

    [Fact]
    public async Task CompressLogs_GzipsOnlyOldMatchingFiles_KeepingTheirDate()
    {
        var logs = Directory.CreateDirectory(Path.Combine(_temp.Path, "logs")).FullName;
        var old = Path.Combine(logs, "app-2026-01-01.log");
        var content = string.Concat(Enumerable.Repeat("12:00:00 INFO something happened\n", 200));
        await File.WriteAllTextAsync(old, content);
        var oldDate = TimeProvider.System.GetUtcNow().AddDays(-10).UtcDateTime;
        File.SetLastWriteTimeUtc(old, oldDate);
        await File.WriteAllTextAsync(Path.Combine(logs, "app-today.log"), "fresh\n");
        var notALog = Path.Combine(logs, "notes.txt");
        await File.WriteAllTextAsync(notALog, "keep me\n");
        File.SetLastWriteTimeUtc(notALog, oldDate);
        await using var host = await StartWithSamplesAsync();

        var run = await host.RunAsync("logs.compress-old", Data(new { folder = logs, olderThanDays = 7 }));

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(Path.Combine(logs, "app-today.log")));
        Assert.True(File.Exists(notALog));
        Assert.Equal(oldDate, File.GetLastWriteTimeUtc(old + ".gz"), TimeSpan.FromSeconds(1));
        await using (var gzip = new GZipStream(File.OpenRead(old + ".gz"), CompressionMode.Decompress))
        using (var reader = new StreamReader(gzip))
        {
            Assert.Equal(content, await reader.ReadToEndAsync());
        }
        Assert.Empty(Directory.GetFiles(logs, "*.partial"));
        Assert.Contains(run.Log.Lines, l => l.StartsWith($"Information: Compressed 1 file(s) older than 7 days in {logs}; saved ", StringComparison.Ordinal));

        var again = await host.RunAsync("logs.compress-old", Data(new { folder = logs, olderThanDays = 7 }));
        Assert.Contains(again.Log.Lines, l => l.StartsWith("Information: Compressed 0 file(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Samples_WarnAndSucceed_WhenTheirFolderDoesNotExist()
    {
        await using var host = await StartWithSamplesAsync();
        var missing = Path.Combine(_temp.Path, "nowhere");

        var usage = await host.RunAsync("reports.disk-usage", Data(new { folder = missing }));
        var compress = await host.RunAsync("logs.compress-old", Data(new { folder = missing }));

        Assert.Equal([$"Warning: Folder {missing} does not exist; nothing to report"], usage.Log.Lines);
        Assert.Equal([$"Warning: Folder {missing} does not exist; nothing to compress"], compress.Log.Lines);
    }

    private static string Data(object value) => JsonSerializer.Serialize(value);

    private async Task<ScriptHost> StartWithSamplesAsync()
    {
        var samples = Path.Combine(RepositoryRoot(), "scripts");
        foreach (var file in Directory.EnumerateFiles(samples, "*.csx", SearchOption.AllDirectories))
        {
            ScriptHost.Seed(_temp.Path, Path.GetRelativePath(samples, file), await File.ReadAllTextAsync(file));
        }
        return await ScriptHost.StartAsync(_temp.Path);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Plugins.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"no Plugins.sln above {AppContext.BaseDirectory}");
    }
}
