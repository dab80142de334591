namespace Kairos.IntegrationTests.Plugins;

/// <summary>
/// Plugin tests run one at a time: they count loaded assemblies and load contexts of the whole process, force
/// collections, and share two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PluginTestGroup
{
    public const string Name = "Plugins";
}
