using Microsoft.Playwright;

namespace Kairos.IntegrationTests.Web.Dashboard;

/// <summary>
/// One headless Chromium for a test class: Debian's <c>/usr/bin/chromium</c> (installed by <c>.ci/run</c>; Playwright
/// never downloads a browser here), driven by Playwright's driver, whose Node.js runtime ships in its NuGet package,
/// with a new empty profile and the browser's own network features off. Screenshots go to
/// <c>TestResults/screenshots/NAME.png</c> under the test output folder.
/// </summary>
public sealed class DashboardBrowser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly string _profile = Directory.CreateTempSubdirectory("kairos-chromium-").FullName;
    private IPlaywright? _playwright;

    public IBrowserContext Context { get; private set; } = null!;

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public static async Task<DashboardBrowser> StartAsync()
    {
        var browser = new DashboardBrowser();
        browser._playwright = await Playwright.CreateAsync();
        browser.Context = await browser._playwright.Chromium.LaunchPersistentContextAsync(browser._profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        browser.Context.SetDefaultTimeout(30_000);
        // A run on a loaded 2-core machine may take a few seconds to show: wait up to 30 s (never a fixed sleep).
        Assertions.SetDefaultExpectTimeout(30_000);
        return browser;
    }

    /// <summary>Saves a full-page screenshot as a test artefact; returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (Context is not null)
        {
            await Context.CloseAsync();
        }
        _playwright?.Dispose();
        Directory.Delete(_profile, recursive: true);
    }
}
