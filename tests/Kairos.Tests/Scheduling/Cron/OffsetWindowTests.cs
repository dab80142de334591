using Kairos.Host.Scheduling.Cron;

namespace Kairos.Tests.Scheduling.Cron;

public sealed class OffsetWindowTests
{
    [Theory]
    [InlineData(2025, -300)]
    [InlineData(1, 0)]
    [InlineData(9999, 840)]
    [InlineData(2025, 630)]
    [InlineData(2025, -720)]
    public void Unpack_ReturnsTheWindow_WhenItWasPacked(int year, int offsetMinutes)
    {
        var start = new DateTime(year, 1, 1).Ticks;
        var window = new OffsetWindow(start, start + ZoneOffsets.WindowLength, TimeSpan.FromMinutes(offsetMinutes).Ticks);

        var packed = window.Pack();

        Assert.NotEqual(OffsetWindow.None, packed);
        Assert.Equal(window, OffsetWindow.Unpack(packed));
    }

    [Fact]
    public void Pack_ReturnsNone_WhenOffsetIsNotWholeMinutes()
    {
        var start = new DateTime(1880, 1, 1).Ticks;

        Assert.Equal(OffsetWindow.None, new OffsetWindow(start, start + ZoneOffsets.WindowLength, TimeSpan.FromSeconds(-17762).Ticks).Pack());
    }
}
