using System.Text.Json;
using Kairos.IntegrationTests.Scripts.Fakes;

namespace Kairos.IntegrationTests.Readme;

/// <summary>The README's example script (scripts/cleanup-temp.csx) compiled and run by the script source, as written.</summary>
[Collection(ReadmeTestGroup.Name)]
public sealed class ReadmeScriptTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task TheCleanupScript_Succeeds_WhenItsFolderDoesNotExistYet()
    {
        ScriptHost.Seed(_temp.Path, "cleanup-temp.csx", ReadmeFile.Block("script-cleanup-temp"));
        await using var host = await ScriptHost.StartAsync(_temp.Path);
        var trigger = Assert.Single(host.Handler("cleanup.temp").Definition.Triggers);
        var folder = Path.GetFullPath("tmp");
        Assert.False(Directory.Exists(folder), $"{folder} exists: the test needs the script's default folder to be missing");

        var run = await host.RunAsync("cleanup.temp", trigger.DataJson);

        Assert.Equal(("0 */5 * * * *", "Europe/London"), (trigger.CronExpression, trigger.TimeZone));
        Assert.Equal([$"Information: {folder} does not exist: nothing to delete"], run.Log.Lines);
    }

    [Fact]
    public async Task TheCleanupScript_DeletesOnlyFilesOlderThanADay()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_temp.Path, "app-tmp")).FullName;
        var old = _temp.Write("app-tmp/old.txt", "old");
        File.SetLastWriteTimeUtc(old, TimeProvider.System.GetUtcNow().AddDays(-2).UtcDateTime);
        var fresh = _temp.Write("app-tmp/fresh.txt", "fresh");
        ScriptHost.Seed(_temp.Path, "cleanup-temp.csx", ReadmeFile.Block("script-cleanup-temp"));
        await using var host = await ScriptHost.StartAsync(_temp.Path);

        var run = await host.RunAsync("cleanup.temp", JsonSerializer.Serialize(new { folder, days = 1 }));

        Assert.Equal((false, true), (File.Exists(old), File.Exists(fresh)));
        Assert.Equal([$"Information: Deleted 1 file(s) from {folder}"], run.Log.Lines);
    }
}
