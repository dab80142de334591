namespace Kairos.IntegrationTests.Readme;

/// <summary>
/// The README's examples run as a reader would run them: they build projects with the SDK (each build takes both
/// cores for tens of seconds) and load plugins, so they run one at a time and alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ReadmeTestGroup
{
    public const string Name = "README";
}
