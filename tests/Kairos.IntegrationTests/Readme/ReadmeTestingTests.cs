namespace Kairos.IntegrationTests.Readme;

/// <summary>README "Testing your jobs": its example is the Reports sample's test file, which Plugins.sln compiles and runs.</summary>
public sealed class ReadmeTestingTests
{
    [Fact]
    public void TestingExample_IsTheReportsSamplesTestFile()
    {
        var file = File.ReadAllText(Path.Combine(ReadmeFile.RepositoryRoot, "plugins", "tests", "Reports.Tests", "CollectJobTests.cs")).ReplaceLineEndings("\n");

        Assert.Equal(file, ReadmeFile.Block("testing-collect-job"));
    }
}
