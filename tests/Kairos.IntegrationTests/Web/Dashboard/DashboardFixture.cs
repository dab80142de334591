namespace Kairos.IntegrationTests.Web.Dashboard;

/// <summary>A host with sample jobs and a browser, shared by the tests of one class (a browser start costs about a second).</summary>
public class DashboardFixture : IAsyncLifetime
{
    public DashboardHost Host { get; private set; } = null!;

    public DashboardBrowser Browser { get; private set; } = null!;

    /// <summary>The host's environment: its settings beyond the sample jobs.</summary>
    protected virtual IReadOnlyDictionary<string, string>? Environment => null;

    public async Task InitializeAsync()
    {
        Host = await DashboardHost.StartAsync(Environment);
        Browser = await DashboardBrowser.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        await Host.DisposeAsync();
    }
}

/// <summary>A host that needs its access token: <see cref="Token"/> for full access, <see cref="ReadOnlyToken"/> for reading.</summary>
public sealed class TokenDashboardFixture : DashboardFixture
{
    public const string Token = "s3cret-dashboard-token";
    public const string ReadOnlyToken = "look-but-do-not-touch";

    protected override IReadOnlyDictionary<string, string>? Environment => new Dictionary<string, string>
    {
        ["KAIROS_HTTP__ACCESSTOKEN"] = Token,
        ["KAIROS_HTTP__READONLYTOKEN"] = ReadOnlyToken,
    };
}
