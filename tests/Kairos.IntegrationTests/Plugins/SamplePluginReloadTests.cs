using Kairos.Host.Plugins.Status;

namespace Kairos.IntegrationTests.Plugins;

/// <summary>
/// Each sample plugin (plugins/samples/*) in a running host: its jobs fire by their own triggers (Subscriptions' sync
/// trigger upserts a trigger per subscription, which then delivers), then new builds replace it several times, and
/// every old version must be collected. Issue 17: Subscriptions leaked on every reload once its sync had run.
/// </summary>
[Collection(PluginTestGroup.Name)]
public sealed class SamplePluginReloadTests
{
    private const int Reloads = 3;

    public static TheoryData<string> Samples => [.. PluginFixtures.Samples];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Reload_CollectsEveryOldVersion_AfterItsJobsRan(string sample)
    {
        using var data = new SampleDataFiles();
        await using var host = PluginsInARunningHost.Create(new Dictionary<string, string?>
        {
            ["Kairos:Plugins:SessionCleanup:File"] = data.Sessions,
        });
        host.Deploy(sample);
        await host.StartAsync();
        var jobIds = host.Registry.Find(sample)!.JobIds;
        Assert.NotEmpty(jobIds);
        var ran = await host.RunEveryTriggerAsync(jobIds);
        if (sample == "Subscriptions")
        {
            Assert.Contains(ran, r => r.TriggerKey == "sync");
            Assert.Contains(ran, r => r.TriggerKey.StartsWith("sub:", StringComparison.Ordinal));
        }

        var retired = new List<string>();
        for (var build = 1; build <= Reloads; build++)
        {
            retired.Add(host.Registry.Find(sample)!.Version!);
            host.Rebuild(sample, build);
            host.ScanNow();
            Assert.DoesNotContain(host.Registry.Find(sample)!.Version, retired);
            await host.RunEveryTriggerAsync(jobIds);
            await host.WhenIdleAsync();
        }

        var unloaded = host.Registry.Snapshot().Where(p => p.Name == sample && p.State == PluginState.Unloaded).ToList();
        Assert.Equal(retired, unloaded.Select(p => p.Version));
        Assert.All(unloaded, p => Assert.True(p.Collected, $"{sample} {p.Version} was not collected"));
        Assert.DoesNotContain(host.Logs.Events, e => e.EventId == 212);
    }

    /// <summary>
    /// The samples' data files: SessionCleanup's in a temporary file given as its setting; Subscriptions', which it
    /// keeps under data/ in the working directory, deleted afterwards unless they were there before.
    /// </summary>
    private sealed class SampleDataFiles : IDisposable
    {
        private readonly string[] _subscriptionsFiles = [Path.GetFullPath(Path.Combine("data", "subscriptions.json")), Path.GetFullPath(Path.Combine("data", "deliveries.log"))];
        private readonly bool[] _existed;
        private readonly bool _folderExisted = Directory.Exists("data");

        public SampleDataFiles()
        {
            _existed = [.. _subscriptionsFiles.Select(File.Exists)];
            // One seen within a day of the host's fake clock (2026-01-05 10:00), one long before: the first cleanup prunes it.
            File.WriteAllLines(Sessions,
            [
                """{"id":"fresh","lastSeenUtc":"2026-01-05T09:00:00Z"}""",
                """{"id":"stale","lastSeenUtc":"2000-01-01T00:00:00Z"}""",
            ]);
        }

        public string Sessions { get; } = Path.Combine(Path.GetTempPath(), $"kairos-sessions-{Guid.NewGuid():N}.jsonl");

        public void Dispose()
        {
            File.Delete(Sessions);
            for (var i = 0; i < _subscriptionsFiles.Length; i++)
            {
                if (!_existed[i] && File.Exists(_subscriptionsFiles[i]))
                {
                    File.Delete(_subscriptionsFiles[i]);
                }
            }
            if (!_folderExisted && Directory.Exists("data") && !Directory.EnumerateFileSystemEntries("data").Any())
            {
                Directory.Delete("data");
            }
        }
    }
}
