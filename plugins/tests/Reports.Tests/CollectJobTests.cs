using System.Text.Json;
using Kairos;
using Kairos.Testing;

namespace Reports.Tests;

public sealed class CollectJobTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("reports-tests-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Collect_TriggersPublishWithTheCount()
    {
        File.WriteAllText(Path.Combine(_data, "a.txt"), "a");
        File.WriteAllText(Path.Combine(_data, "b.txt"), "b");
        var context = new TestJobContext
        {
            RunId = "run-1",
            Settings = new Dictionary<string, string?> { ["DataFolder"] = _data },
        };

        var result = await JobRunner.RunAsync<CollectJob>(context);

        Assert.Equal(RunStatus.Succeeded, result.Status);
        var call = Assert.Single(context.SchedulerCalls);
        Assert.Equal(("TriggerAsync", "reports.publish"), (call.Method, call.JobId));
        var data = JsonSerializer.Deserialize<CollectedData>(call.DataJson!)!;
        Assert.Equal((2, "run-1"), (data.Files, data.CollectedBy));
        Assert.Contains(result.Logs, l => l.Message.StartsWith("Counted 2 file(s)", StringComparison.Ordinal));
    }
}
