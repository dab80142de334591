using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Packaging;

/// <summary>
/// From nothing to a plugin job running in a host, with packages, the tool and the templates only:
/// <c>dotnet new kairos-plugin -n Billing</c>, its tests, its publish profile into plugins/Billing/, a script from
/// <c>dotnet new kairos-script</c>, and the tool's <c>kairos run</c> firing both when <c>kairos trigger</c> asks.
/// </summary>
[Collection(PackagingTestGroup.Name)]
public sealed class PluginTemplateTests(LocalFeed feed)
{
    private static readonly TimeSpan HostTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ThePluginTemplate_BuildsAndPassesItsTests_ThenRunsInTheToolsHostWithTheScriptTemplate()
    {
        var work = Directory.CreateDirectory(Path.Combine(feed.WorkPath, "plugin")).FullName;
        await feed.NewAsync(work, "kairos-plugin", "-n", "Billing");
        var solution = Path.Combine(work, "Billing");
        var project = await File.ReadAllTextAsync(Path.Combine(solution, "src", "Billing", "Billing.csproj"));
        Assert.Contains($"""<PackageReference Include="Kairos.Abstractions" Version="{feed.Version}" ExcludeAssets="runtime" """, project, StringComparison.Ordinal);

        var tested = await DotnetCommand.RunAsync("dotnet", ["test", "--nologo"], solution, feed.Environment);
        Assert.Contains("Passed!", tested, StringComparison.Ordinal);

        await DotnetCommand.RunAsync("dotnet", ["publish", Path.Combine("src", "Billing"), "-p:PublishProfile=Plugin", "--nologo"], solution, feed.Environment);
        var deployed = Path.Combine(solution, "plugins", "Billing");
        Assert.True(File.Exists(Path.Combine(deployed, "Billing.dll")), $"no Billing.dll in {deployed}");
        Assert.False(File.Exists(Path.Combine(deployed, "Kairos.Abstractions.dll")), "the plugin ships a copy of the contract");

        await feed.NewAsync(solution, "kairos-script", "-n", "nightly", "-o", "scripts");
        Assert.True(File.Exists(Path.Combine(solution, "scripts", "nightly.csx")), "kairos-script wrote no scripts/nightly.csx");

        using var host = HostProcess.StartProgram("tool", feed.Kairos, ["run"], workingDirectory: solution);
        await host.WaitForOutputAsync("Loaded plugin Billing", HostTimeout);
        await host.WaitForOutputAsync("Dashboard at", HostTimeout);

        await DotnetCommand.RunAsync(feed.Kairos, ["trigger", "billing.hello", "--data", """{"name":"the feed"}"""], solution);
        await host.WaitForOutputAsync("Hello, the feed, from Billing", HostTimeout);
        await DotnetCommand.RunAsync(feed.Kairos, ["trigger", "nightly"], solution);
        await host.WaitForOutputAsync("Hello, world, from nightly.csx", HostTimeout);

        host.Stop(TimeSpan.FromSeconds(60));
        Assert.Equal(0, host.ExitCode);
        Assert.DoesNotContain("fail:", host.Output, StringComparison.Ordinal);
    }
}
