using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Kairos.IntegrationTests.Web.Dashboard;

/// <summary>The dashboard of a host that needs its access token (<c>Kairos:Http:AccessToken</c>), in a real Chromium.</summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class DashboardAccessTests(TokenDashboardFixture fixture) : IClassFixture<TokenDashboardFixture>
{
    private string Url(string path) => fixture.Host.Url + path;

    [Fact]
    public async Task WithoutTheToken_APageIsRefusedAndLinksToTheSignIn_WhichSetsAnHttpOnlyStrictCookie()
    {
        var context = fixture.Browser.Context;
        await context.ClearCookiesAsync();
        var page = await context.NewPageAsync();

        var refused = await page.GotoAsync(Url("/jobs/" + DashboardHost.ScriptJob));
        Assert.Equal(401, refused!.Status);
        await Expect(page.Locator("main")).Not.ToContainTextAsync(DashboardHost.ScriptJob);
        await DashboardBrowser.ScreenshotAsync(page, "sign-in-needed");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();

        await page.GetByLabel("Access token").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator(".flash.error")).ToContainTextAsync("not this host's access token");
        await DashboardBrowser.ScreenshotAsync(page, "sign-in-refused");

        await page.GetByLabel("Access token").FillAsync(TokenDashboardFixture.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // Back on the page first refused, signed in.
        await Expect(page.Locator("h1")).ToHaveTextAsync(DashboardHost.ScriptJob);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" })).ToBeVisibleAsync();
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "kairos_token");
        Assert.Equal((true, SameSiteAttribute.Strict, false), (cookie.HttpOnly, cookie.SameSite, cookie.Secure));
        Assert.Equal(200, (await page.ReloadAsync())!.Status);
        await page.CloseAsync();
    }

    [Fact]
    public async Task WithTheReadOnlyToken_PagesShowButTheActionsDoNot_AndAPostIsRefused()
    {
        var context = fixture.Browser.Context;
        await context.ClearCookiesAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/signin?return=/jobs/" + DashboardHost.ScriptJob));
        await page.GetByLabel("Access token").FillAsync(TokenDashboardFixture.ReadOnlyToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Locator("h1")).ToHaveTextAsync(DashboardHost.ScriptJob);
        await Expect(page.Locator("header .badge")).ToHaveTextAsync("read-only");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Trigger now" })).ToHaveCountAsync(0);
        await DashboardBrowser.ScreenshotAsync(page, "job-read-only");

        var post = await page.APIRequest.PostAsync(Url($"/jobs/{DashboardHost.ScriptJob}/trigger"), new() { Form = page.APIRequest.CreateFormData().Set("data", "{}") });
        Assert.Equal(403, post.Status);
        await page.CloseAsync();
    }
}
