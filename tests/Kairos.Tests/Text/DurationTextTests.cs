using Kairos.Host.Text;

namespace Kairos.Tests.Text;

/// <summary>The one duration reader, shared by script headers and settings.</summary>
public sealed class DurationTextTests
{
    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("1.5m", 90)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("500ms", 0.5)]
    [InlineData("00:01:30", 90)]
    [InlineData("1.00:00:00", 86400)]
    [InlineData(" 5 m ", 300)]
    public void TryParse_ReadsEveryForm(string text, double seconds)
    {
        Assert.True(DurationText.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5w")]
    [InlineData("1e300d")]
    [InlineData("NaN")]
    public void TryParse_Refuses_WhenTextIsNotADuration(string text) =>
        Assert.False(DurationText.TryParse(text, out _));
}
