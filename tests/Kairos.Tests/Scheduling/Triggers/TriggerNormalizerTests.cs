using Kairos.Host.Scheduling.Triggers;

namespace Kairos.Tests.Scheduling.Triggers;

public sealed class TriggerNormalizerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 10, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void ADescriptionWithoutInstantsToTrim_IsReturnedAsItIs()
    {
        var cron = TriggerSpec.Cron("c", "0 9 * * *") with { StartUtc = T0 };

        Assert.Same(cron, TriggerNormalizer.Normalize(cron));
    }

    [Fact]
    public void InstantsBelowTheMillisecondOrWithAnOffset_AreTrimmedToUtcMilliseconds()
    {
        var once = TriggerSpec.Once("o", T0.AddTicks(42)) with { StartUtc = T0.ToOffset(TimeSpan.FromHours(2)) };

        var normal = TriggerNormalizer.Normalize(once);

        Assert.Equal((T0, TimeSpan.Zero), (normal.RunAtUtc!.Value, normal.RunAtUtc.Value.Offset));
        Assert.Equal((T0, TimeSpan.Zero), (normal.StartUtc!.Value, normal.StartUtc.Value.Offset));
        Assert.Null(normal.EndUtc);
    }
}
