using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Scheduling.Triggers;
using Kairos.Host.Storage.Catalog;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Scheduling.Triggers;

public sealed class JobTriggersTests
{
    private const string JobId = "test.every-minute";

    private static JobTriggers TriggersOf(KairosTestHost host) => new(
        JobId,
        host.Catalog,
        host.Services.GetRequiredService<TriggerSchedule>(),
        host.Time,
        host.Services.GetRequiredService<SchedulerSignal>());

    private static IEnumerable<string> DynamicKeys(KairosTestHost host) =>
        host.Catalog.GetTriggers(JobId).Where(t => t.Origin == TriggerOrigin.Dynamic).Select(t => t.Spec.Key).Order(StringComparer.Ordinal);

    [Fact]
    public async Task UpsertManyAsync_StoresEveryTrigger_AndEachFiresAtItsInstant()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>());
        var at = host.Time.GetUtcNow().AddSeconds(5);

        await TriggersOf(host).UpsertManyAsync([TriggerSpec.Once("a", at), TriggerSpec.Once("b", at.AddSeconds(1)), TriggerSpec.Cron("c", "*/10 * * * * *")], CancellationToken.None);

        Assert.Equal(["a", "b", "c"], DynamicKeys(host));
        host.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("a", (await host.Probe.NextStartAsync()).TriggerKey);
        host.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("b", (await host.Probe.NextStartAsync()).TriggerKey);
        host.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("c", (await host.Probe.NextStartAsync()).TriggerKey);
    }

    [Fact]
    public async Task UpsertManyAsync_WritesNothing_WhenOneTriggerIsInvalid()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>());
        var at = host.Time.GetUtcNow().AddMinutes(5);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TriggersOf(host).UpsertManyAsync(
            [TriggerSpec.Once("fine", at), TriggerSpec.Cron("broken", "61 * * * *")], CancellationToken.None));

        Assert.Contains("61 * * * *", error.Message);
        Assert.Empty(DynamicKeys(host));
    }

    [Fact]
    public async Task UpsertManyAsync_RefusesTheSameKeyTwice_NamingIt()
    {
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>());
        var at = host.Time.GetUtcNow().AddMinutes(5);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => TriggersOf(host).UpsertManyAsync(
            [TriggerSpec.Once("twice", at), TriggerSpec.Once("twice", at.AddMinutes(1))], CancellationToken.None));

        Assert.Contains("'twice' appears twice", error.Message);
        Assert.Empty(DynamicKeys(host));
    }
}
