namespace Kairos.IntegrationTests.Readme;

/// <summary>
/// "Running in production": <c>dotnet publish src/Host</c> builds the host only. The sample plugins are built and
/// deployed into the source tree's plugins/ folder by a build, never by a publish (which sets <c>_IsPublishing</c>),
/// where a development host running from the clone would reload them.
/// </summary>
[Collection(ReadmeTestGroup.Name)]
public sealed class ProductionPublishTests
{
    [Fact]
    public async Task Publish_NeitherBuildsNorDeploysTheSamplePlugins_WhileABuildDoes()
    {
        var host = Path.Combine(ReadmeFile.RepositoryRoot, "src", "Host", "Kairos.Host.csproj");
        const string Query = "dotnet msbuild \"$HOST_PROJECT\" -getProperty:KairosBuildSamplePlugins -getItem:ProjectReference";
        var environment = new Dictionary<string, string> { ["HOST_PROJECT"] = host };

        var build = await Shell.RunAsync(Query, ReadmeFile.RepositoryRoot, environment);
        var publish = await Shell.RunAsync(Query + " -p:_IsPublishing=true", ReadmeFile.RepositoryRoot, environment);

        Assert.Contains("\"KairosBuildSamplePlugins\": \"true\"", build, StringComparison.Ordinal);
        Assert.Contains("SessionCleanup.csproj", build, StringComparison.Ordinal);
        Assert.Contains("\"KairosBuildSamplePlugins\": \"false\"", publish, StringComparison.Ordinal);
        Assert.DoesNotContain("SessionCleanup.csproj", publish, StringComparison.Ordinal);
        Assert.DoesNotContain("Subscriptions.csproj", publish, StringComparison.Ordinal);
    }
}
