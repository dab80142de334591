using System.Globalization;
using Kairos.Host.Catalog;
using Kairos.IntegrationTests.Plugins.Fakes;

namespace Kairos.IntegrationTests.Plugins;

/// <summary>
/// A plugin compiled against Kairos.Abstractions 1.0 exactly as it shipped (fixture Contract10Plugin, built against
/// Contract10Abstractions) loads and runs on today's contract: the renamed instants, the trigger attributes' common
/// members now in a base class, PluginStartupContext now a class, and a JobContext subclass of the plugin's own.
/// </summary>
[Collection(PluginTestGroup.Name)]
public sealed class ContractCompatibilityTests
{
    private const string JobId = "fixtures.contract10";

    [Fact]
    public async Task PluginBuiltAgainst10_DeclaresItsTriggers_FromAttributesWhoseMembersMovedToABase()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("Contract10Plugin");
        await host.StartAsync();

        Assert.True(host.Catalog.TryGetHandler(JobId, out var handler), "the 1.0 plugin's job is not in the catalog");
        var triggers = handler.Definition.Triggers.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                ("minute", TriggerKind.Interval, (string?)null, "UTC", MisfirePolicy.FireAll, 2, "{\"interval\":2}"),
                ("yearly", TriggerKind.Cron, "0 0 1 1 *", "Europe/Paris", MisfirePolicy.Skip, 3, "{\"cron\":1}"),
            ],
            triggers.Select(t => (t.Key, t.Kind, t.CronExpression, t.TimeZone, t.Misfire, t.Priority, t.DataJson)));
    }

    [Fact]
    public async Task PluginBuiltAgainst10_RunsWithTheOldNamesOfTheInstants_AndItsStartupReadsTheContextAsARecord()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("Contract10Plugin");
        await host.StartAsync();
        var context = new FakeJobContext(JobId);

        await host.RunAsync(JobId, context);

        var own = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [
                string.Create(CultureInfo.InvariantCulture, $"Contract10Plugin True 0 True|{context.ScheduledUtc:O}|{context.StartedUtc:O}|{own:O}"),
                "yearly|Skip|3|{\"cron\":1}",
            ],
            context.Log.Messages);
    }

    [Fact]
    public async Task JobContextSubclassBuiltAgainst10_GetsTheNewNames_FromItsOldMembers()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("Contract10Plugin");
        await host.StartAsync();
        Assert.True(host.Catalog.TryGetHandler(JobId, out var handler));
        var jobType = Assert.IsType<TypeJobHandler>(handler).JobType;

        var ownType = jobType.Assembly.GetType("Fixtures.Contract10.OwnContext", throwOnError: true)!;
        var own = (JobContext)Activator.CreateInstance(ownType, new FakeJobContext(JobId))!;

        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), own.ScheduledUtc);
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 1, TimeSpan.Zero), own.StartedUtc);
    }
}
