using Kairos;
using Kairos.Testing;

namespace KairosPlugin1.Tests;

public sealed class HelloJobTests
{
    [Fact]
    public async Task Run_SaysHelloToTheNameInItsData()
    {
        var result = await JobRunner.RunAsync<HelloJob>(new TestJobContext { JobId = HelloJob.Id, DataJson = """{"name":"Ana"}""" });

        Assert.Equal(RunStatus.Succeeded, result.Status);
        Assert.Contains(result.Logs, line => line.Message.StartsWith("Hello, Ana, from KairosPlugin1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_SaysHelloToTheWorld_WithoutData()
    {
        var result = await JobRunner.RunAsync<HelloJob>();

        Assert.Equal(RunStatus.Succeeded, result.Status);
        Assert.Contains(result.Logs, line => line.Message.StartsWith("Hello, world", StringComparison.Ordinal));
    }
}
