using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kairos.IntegrationTests.Web.Dashboard;

/// <summary>
/// The dashboard in a real headless Chromium against a real <c>kairos run</c> host with sample jobs: its pages, its
/// forms and its live updates, as an operator uses them.
/// </summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class DashboardTests(DashboardFixture fixture) : IClassFixture<DashboardFixture>, IAsyncLifetime
{
    private IPage _page = null!;

    private string Url(string path) => fixture.Host.Url + path;

    public async Task InitializeAsync() => _page = await fixture.Browser.Context.NewPageAsync();

    public async Task DisposeAsync() => await _page.CloseAsync();

    [Fact]
    public async Task JobPage_TriggersARunWithData_AndAnotherOpenPageShowsTheRunAndItsLogWithoutReload()
    {
        var watcher = await fixture.Browser.Context.NewPageAsync();
        await watcher.GotoAsync(Url("/jobs/" + DashboardHost.ScriptJob));
        await Expect(watcher.Locator("#history")).ToContainTextAsync("No run");

        await _page.GotoAsync(Url("/jobs/" + DashboardHost.ScriptJob));
        await Expect(_page.Locator("h1")).ToHaveTextAsync(DashboardHost.ScriptJob);
        await Expect(_page.Locator("article.trigger")).ToContainTextAsync("at 09:00 on Monday to Friday");
        await Expect(_page.Locator("table.fires tbody tr")).ToHaveCountAsync(10);
        await _page.GetByLabel("Data (JSON, optional)").FillAsync("""{"who": "the browser test"}""");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
        await Expect(_page.Locator(".flash.ok")).ToContainTextAsync($"Queued run");

        // The page opened before the trigger was never reloaded: its history updates live.
        await Expect(watcher.Locator("#history")).ToContainTextAsync("succeeded");
        await BrowserArtefacts(watcher, "job-history-live");
        await watcher.Locator("#history table a").First.ClickAsync();
        await Expect(watcher.Locator("h1")).ToContainTextAsync("Run ");
        await Expect(watcher.Locator("pre.log")).ToContainTextAsync("hello from the dashboard with {\"who\": \"the browser test\"}");
        await Expect(watcher.Locator("#run")).ToContainTextAsync("Attempt 1");
        await BrowserArtefacts(watcher, "run");
        await watcher.CloseAsync();
    }

    [Fact]
    public async Task JobPage_PausesWithAReasonAndResumes_AndShowsBadDataAsAMessage()
    {
        await _page.GotoAsync(Url("/jobs/" + DashboardHost.ScriptJob));
        await _page.GetByLabel("Pause reason").FillAsync("maintenance window");
        await _page.GetByLabel("Until (instant or duration: 30m, 2h, 1d; empty: until resumed)").FillAsync("2h");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(_page.Locator(".flash.ok")).ToContainTextAsync($"Paused {DashboardHost.ScriptJob} until 2h");
        await Expect(_page.Locator("#summary")).ToContainTextAsync("paused");
        await Expect(_page.Locator("#summary")).ToContainTextAsync("maintenance window");
        await BrowserArtefacts(_page, "job-paused");

        await _page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(_page.Locator(".flash.ok")).ToHaveTextAsync($"Resumed {DashboardHost.ScriptJob}");
        await Expect(_page.Locator("#summary .status")).ToHaveTextAsync("active");

        await _page.GetByLabel("Data (JSON, optional)").FillAsync("{not json");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" }).ClickAsync();
        await Expect(_page.Locator(".flash.error")).ToContainTextAsync("data '{not json' is not valid JSON");
    }

    [Fact]
    public async Task JobPage_ExplainsTheFireNearAnInstant_OnThePage()
    {
        await _page.GotoAsync(Url("/jobs/" + DashboardHost.ScriptJob));
        await _page.GetByLabel("Instant (ISO-8601 UTC; empty: now)").FillAsync("2099-01-05T10:00:00Z");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();

        // Monday 2099-01-05 10:00: the next weekday 09:00 fire is Tuesday's.
        await Expect(_page.Locator("#explain .answer")).ToContainTextAsync("trigger 'default' at 2099-01-06T09:00:00Z: will fire in");
        await Expect(_page.Locator("#explain tr.asked")).ToContainTextAsync("will-fire");
        await Expect(_page.Locator("#explain-at")).ToHaveValueAsync("2099-01-05T10:00:00Z");
        await BrowserArtefacts(_page, "job-explain");

        await _page.GetByLabel("Instant (ISO-8601 UTC; empty: now)").FillAsync("yesterday");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();
        await Expect(_page.Locator("#explain .flash.error")).ToContainTextAsync("--at 'yesterday' is not an instant");
    }

    [Fact]
    public async Task SourcesPage_ShowsTheBrokenScriptsDiagnosticWithFileLineAndColumn()
    {
        await _page.GotoAsync(Url("/sources"));
        var broken = _page.Locator("#scripts tr.broken");
        await Expect(broken).ToContainTextAsync("broken.csx");
        await Expect(broken.Locator("ul.diagnostics li").First).ToContainTextAsync("broken.csx(3,1): error CS0027");
        await Expect(_page.Locator("#scripts")).ToContainTextAsync("hello.csx");
        await BrowserArtefacts(_page, "sources");

        await _page.GotoAsync(Url("/jobs/" + DashboardHost.BrokenJob));
        await Expect(_page.Locator("#summary .status")).ToHaveTextAsync("broken");
        await Expect(_page.Locator("ul.problems")).ToContainTextAsync("error CS0027");
    }

    [Fact]
    public async Task AnUnknownJobOrRun_IsAPageThatSaysSo_NotAnError()
    {
        var job = await _page.GotoAsync(Url("/jobs/no.such-job"));
        Assert.Equal(404, job!.Status);
        await Expect(_page.Locator("[role=alert]")).ToContainTextAsync("unknown job 'no.such-job'");
        var run = await _page.GotoAsync(Url("/runs/abc"));
        Assert.Equal(404, run!.Status);
        await Expect(_page.Locator("[role=alert]")).ToContainTextAsync("unknown run 'abc'");
    }

    [Fact]
    public async Task OverviewAndJobs_ShowTheChartTheHeatMapAndEachJobsFigures_ReadableAtPhoneWidth()
    {
        await _page.GotoAsync(Url("/"));
        await Expect(_page.Locator("h1")).ToHaveTextAsync("Overview");
        await Expect(_page.Locator("#next")).ToContainTextAsync(DashboardHost.ScriptJob);
        await Expect(_page.Locator("#hourly svg[role=img]")).ToBeVisibleAsync();
        await Expect(_page.Locator("table.heat tbody tr")).ToHaveCountAsync(7);
        await BrowserArtefacts(_page, "overview");

        await _page.GotoAsync(Url("/jobs"));
        var row = _page.Locator("table.jobs tbody tr", new() { HasText = DashboardHost.ScriptJob });
        await Expect(row).ToContainTextAsync("0 9 * * 1-5");
        await Expect(row).ToContainTextAsync("script:hello.csx");
        await BrowserArtefacts(_page, "jobs");

        await _page.SetViewportSizeAsync(390, 844);
        await _page.GotoAsync(Url("/jobs/" + DashboardHost.ScriptJob));
        var width = await _page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the job page is {width} px wide at a phone's 390 px");
        await BrowserArtefacts(_page, "job-phone");
    }

    private static Task<string> BrowserArtefacts(IPage page, string name) => DashboardBrowser.ScreenshotAsync(page, name);
}
