using Kairos.Host.Scripts.Header;

namespace Kairos.Tests.Scripts.Header;

public sealed class ScriptHeaderValuesTests
{
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
