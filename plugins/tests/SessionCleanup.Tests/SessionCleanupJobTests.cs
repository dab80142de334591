using Kairos;
using Kairos.Testing;

namespace SessionCleanup.Tests;

public sealed class SessionCleanupJobTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("session-cleanup-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string SessionsFile => Path.Combine(_folder, "sessions.jsonl");

    [Fact]
    public async Task Cleanup_RemovesSessionsNotSeenForMaxAge_AndKeepsUnreadableLines()
    {
        File.WriteAllLines(SessionsFile,
        [
            """{"id":"old","lastSeenUtc":"2026-01-04T09:00:00Z"}""",
            """{"id":"fresh","lastSeenUtc":"2026-01-05T09:30:00Z"}""",
            "not json",
        ]);
        var context = new TestJobContext
        {
            Settings = new Dictionary<string, string?> { ["File"] = SessionsFile, ["MaxAgeHours"] = "12" },
        };
        context.Clock.SetUtcNow(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));

        var result = await JobRunner.RunAsync<SessionCleanupJob>(context);

        Assert.Equal(RunStatus.Succeeded, result.Status);
        Assert.Equal(["""{"id":"fresh","lastSeenUtc":"2026-01-05T09:30:00Z"}""", "not json"], File.ReadAllLines(SessionsFile));
        Assert.Contains(result.Logs, l => l.Message.StartsWith("Pruned 1 stale session(s), kept 2 (1 unreadable)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cleanup_SaysSo_WhenTheFileDoesNotExist()
    {
        var context = new TestJobContext { Settings = new Dictionary<string, string?> { ["File"] = SessionsFile } };

        var result = await JobRunner.RunAsync<SessionCleanupJob>(context);

        Assert.Equal(RunStatus.Succeeded, result.Status);
        Assert.EndsWith("does not exist yet: nothing to prune", Assert.Single(result.Logs).Message, StringComparison.Ordinal);
    }
}
