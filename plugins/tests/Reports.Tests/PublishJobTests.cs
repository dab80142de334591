using System.Text.Json;
using Kairos;
using Kairos.Testing;

namespace Reports.Tests;

public sealed class PublishJobTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("reports-tests-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Publish_WritesTheReportItWasHanded()
    {
        var collected = new CollectedData(3, "run-1", new DateTimeOffset(2026, 1, 5, 10, 2, 0, TimeSpan.Zero));
        var context = new TestJobContext
        {
            DataJson = JsonSerializer.Serialize(collected),
            Settings = new Dictionary<string, string?> { ["DataFolder"] = _data },
        };

        var result = await JobRunner.RunAsync<PublishJob>(context);

        Assert.Equal(RunStatus.Succeeded, result.Status);
        var report = File.ReadAllText(Path.Combine(_data, "reports", "report-20260105-1002.json"));
        Assert.Equal(collected, JsonSerializer.Deserialize<CollectedData>(report));
    }

    [Fact]
    public async Task Publish_Fails_WithoutData()
    {
        var result = await JobRunner.RunAsync<PublishJob>(new TestJobContext
        {
            Settings = new Dictionary<string, string?> { ["DataFolder"] = _data },
        });

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.IsType<InvalidOperationException>(result.Error);
    }
}
