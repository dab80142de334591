using Kairos.Host.Operations.Views;
using Kairos.Host.Plugins.Status;

namespace Kairos.Tests.Operations.Views;

public sealed class JsonOutputTests
{
    [Fact]
    public void Serialize_WritesEnumValuesInKebabCase_AsRunStatusesAndScriptStatesAre()
    {
        Assert.Equal("[\"loaded\",\"failed\",\"unloading\",\"unloaded\"]",
            JsonOutput.Serialize(new[] { PluginState.Loaded, PluginState.Failed, PluginState.Unloading, PluginState.Unloaded }).ReplaceLineEndings("").Replace(" ", "", StringComparison.Ordinal));
        Assert.Equal("\"fire-once\"", JsonOutput.Serialize(MisfirePolicy.FireOnce));
    }
}
