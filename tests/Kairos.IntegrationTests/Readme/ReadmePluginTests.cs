using System.Reflection;
using System.Text.RegularExpressions;
using Kairos.Host.Catalog;
using Kairos.Host.Plugins.Status;
using Kairos.IntegrationTests.Packaging;
using Kairos.IntegrationTests.Plugins;
using Kairos.IntegrationTests.Plugins.Fakes;

namespace Kairos.IntegrationTests.Readme;

/// <summary>
/// "Writing a plugin" followed to the letter outside the repository (so no Directory.Build.props helps it): the
/// README's commands and files, built by the SDK against this build's Kairos.Abstractions package (from a local feed,
/// as the README's version), loaded by the plugin host.
/// </summary>
[Collection(ReadmeTestGroup.Name)]
public sealed class ReadmePluginTests : IDisposable
{
    private const string JobId = "billing.invoice-reminder";
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kairos-readme-plugin-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task ThePluginOfTheReadme_BuildsLoadsAndRuns_ThenUpgradesToTheVersionWithServices()
    {
        // $KAIROS stands for the reader's clone, with its plugins folder.
        var kairos = Path.Combine(_work.FullName, "kairos");
        var plugins = Directory.CreateDirectory(Path.Combine(kairos, "plugins")).FullName;
        // The Kairos.Abstractions package of the version the README names, which is this build's, from a local feed.
        var version = Regex.Match(ReadmeFile.Block("plugin-csproj"), @"Include=""Kairos.Abstractions"" Version=""([^""]+)""").Groups[1].Value;
        var built = typeof(IJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.True(version == built, $"README's plugin project references Kairos.Abstractions '{version}': expected this build's version '{built}'");
        var feed = Path.Combine(_work.FullName, "feed");
        await DotnetCommand.RunAsync("dotnet", [
            "pack", Path.Combine(ReadmeFile.RepositoryRoot, "src", "Abstractions", "Kairos.Abstractions.csproj"), "--no-build",
            "-c", ReadmeFile.Configuration, "--nologo", "-v", "q", $"-p:Version={version}", "-o", feed], ReadmeFile.RepositoryRoot);
        var environment = new Dictionary<string, string>(await IsolatedNuGet.PrepareAsync(_work.FullName, feed, Path.Combine(_work.FullName, "packages")))
        {
            ["KAIROS"] = kairos,
        };
        var project = Path.Combine(_work.FullName, "Billing");

        await Shell.RunAsync(ReadmeFile.Block("plugin-new"), _work.FullName, environment);
        await File.WriteAllTextAsync(Path.Combine(project, "Billing.csproj"), ReadmeFile.Block("plugin-csproj"));
        await File.WriteAllTextAsync(Path.Combine(project, "InvoiceReminder.cs"), ReadmeFile.Block("plugin-job"));
        await Shell.RunAsync(ReadmeFile.Block("plugin-deploy"), _work.FullName, environment);

        var deployed = Path.Combine(plugins, "Billing");
        Assert.True(File.Exists(Path.Combine(deployed, "Billing.dll")), $"no Billing.dll in {deployed}");
        Assert.False(File.Exists(Path.Combine(deployed, "Kairos.Abstractions.dll")), "the plugin ships a copy of the contract");
        await using var host = PluginTestHost.Create(
            o => o.PluginsPath = plugins,
            new Dictionary<string, string?> { ["Kairos:Plugins:Billing:ApiUrl"] = "https://billing.internal" });
        await host.StartAsync();

        var billing = Assert.Single(host.Registry.Snapshot(), p => p.Name == "Billing");
        Assert.Equal(PluginState.Loaded, billing.State);
        Assert.Equal([JobId], billing.JobIds);
        Assert.Empty(host.Catalog.Current.Problems);
        Assert.True(host.Catalog.TryGetHandler(JobId, out var handler));
        var trigger = Assert.Single(handler.Definition.Triggers);
        Assert.Equal(("0 9 * * 1-5", "Europe/London"), (trigger.CronExpression, trigger.TimeZone));
        var first = new FakeJobContext(JobId);
        var v1 = await host.RunAsync(JobId, first);
        Assert.Contains(first.Log.Messages, m => m.StartsWith("Sending reminders for ", StringComparison.Ordinal));

        // Step 3 adds the client and the startup and changes the job; the upgrade block swaps the new build in by rename.
        await File.WriteAllTextAsync(Path.Combine(project, "BillingClient.cs"), ReadmeFile.Block("plugin-client"));
        await File.WriteAllTextAsync(Path.Combine(project, "Startup.cs"), ReadmeFile.Block("plugin-startup"));
        await File.WriteAllTextAsync(Path.Combine(project, "InvoiceReminder.cs"), ReadmeFile.Block("plugin-job-with-client"));
        var upgraded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(CatalogChange change)
        {
            if (host.VersionOf(JobId) is { } version && version != v1)
            {
                upgraded.TrySetResult();
            }
        }
        host.Catalog.Changed += OnChanged;
        try
        {
            await Shell.RunAsync(ReadmeFile.Block("plugin-upgrade"), project, environment);
            await upgraded.Task.WaitAsync(PluginTestHost.Timeout);
        }
        finally
        {
            host.Catalog.Changed -= OnChanged;
        }

        var second = new FakeJobContext(JobId);
        await host.RunAsync(JobId, second);
        Assert.Contains("Sent 0 reminder(s)", second.Log.Messages);
        Assert.Contains(host.Logs.Lines, l => l.Category == "Billing" && l.Message.StartsWith("Asking https://billing.internal to remind", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(plugins, ".Billing.old")));
    }
}
