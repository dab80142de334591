using Kairos.Host.Scripts;

namespace Kairos.Tests.Scripts;

public sealed class ScriptHeaderValuesTests
{
    [Theory]
    [InlineData("90", 90)]
    [InlineData("90s", 90)]
    [InlineData("1.5m", 90)]
    [InlineData("2h", 7200)]
    [InlineData("1d", 86400)]
    [InlineData("500ms", 0.5)]
    [InlineData("00:01:30", 90)]
    [InlineData(" 5 m ", 300)]
    public void TryParseDuration_ReadsEveryForm(string text, double seconds)
    {
        Assert.True(ScriptHeaderValues.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("5w")]
    [InlineData("1e300d")]
    [InlineData("NaN")]
    public void TryParseDuration_Refuses_WhenTextIsNotADuration(string text) =>
        Assert.False(ScriptHeaderValues.TryParseDuration(text, out _));

    [Theory]
    [InlineData("fire-once", MisfirePolicy.FireOnce)]
    [InlineData("FireAll", MisfirePolicy.FireAll)]
    [InlineData("SKIP", MisfirePolicy.Skip)]
    public void TryParseEnum_AcceptsKebabAndPascalCase(string text, MisfirePolicy expected)
    {
        Assert.True(ScriptHeaderValues.TryParseEnum<MisfirePolicy>(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("fire once")]
    [InlineData("")]
    public void TryParseEnum_RefusesNumbersAndUnknownNames(string text) =>
        Assert.False(ScriptHeaderValues.TryParseEnum<MisfirePolicy>(text, out _));
}
