namespace Kairos.IntegrationTests.Packaging;

/// <summary>
/// The tests on the packages as a user gets them: one local feed packed once for all of them; they build projects
/// with the SDK (each build takes both cores), so they run one at a time and alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PackagingTestGroup : ICollectionFixture<LocalFeed>
{
    public const string Name = "Packaging";
}
