using Kairos.Host.Sources;
using Kairos.Host.Sources.Watching;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Sources.Watching;

public sealed class ConfiguredFolderTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly TempFolder _temp = new();
    private readonly RecordingOwner _owner = new();
    private readonly TestSourceOptions _timing = new() { UseFileSystemWatcher = false, PollInterval = TimeSpan.Zero };

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public void Open_ReportsTheSourceDisabled_WhenNoFolderIsConfigured(string? configured)
    {
        using var folder = Folder(configured);

        Assert.Null(folder.Open(_owner));

        Assert.Equal(["disabled"], _owner.Calls);
        Assert.Null(folder.FullPath);
    }

    [Fact]
    public void Open_CreatesAMissingFolder_AndReportsIt()
    {
        var path = Path.Combine(_temp.Path, "scripts");
        using var folder = Folder(path);

        Assert.Equal(path, folder.Open(_owner));

        Assert.True(Directory.Exists(path));
        Assert.Equal([$"created {path}"], _owner.Calls);
        Assert.Equal(path, folder.FullPath);
    }

    [Fact]
    public void Open_ReportsNothing_WhenTheFolderExists()
    {
        using var folder = Folder(_temp.Path);

        Assert.Equal(_temp.Path, folder.Open(_owner));

        Assert.Empty(_owner.Calls);
    }

    [Fact]
    public void Open_ReportsThatTheFolderCannotBeCreated_WhenAFileHasItsName()
    {
        var path = _temp.Write("taken", "x");
        using var folder = Folder(path);

        Assert.Null(folder.Open(_owner));

        Assert.StartsWith($"cannot create {path}: ", Assert.Single(_owner.Calls), StringComparison.Ordinal);
        Assert.Null(folder.FullPath);
    }

    [Fact]
    public void Open_RefusesAFolderOtherUsersCanWriteTo()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        var path = Path.Combine(_temp.Path, "open");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
        using var folder = Folder(path);

        Assert.Null(folder.Open(_owner));

        Assert.StartsWith($"refused {path}: '{path}' is writable by every user", Assert.Single(_owner.Calls), StringComparison.Ordinal);
        Assert.Null(folder.Existing());
    }

    [Fact]
    public void Existing_NeitherCreatesNorReports_WhenTheFolderIsMissing()
    {
        var path = Path.Combine(_temp.Path, "later");
        using var folder = Folder(path);

        Assert.Null(folder.Existing());

        Assert.False(Directory.Exists(path));
        Assert.Empty(_owner.Calls);
    }

    [Fact]
    public void Existing_IsTheFullPath_OfAFolderThatExists()
    {
        using var folder = Folder(_temp.Path);

        Assert.Equal(_temp.Path, folder.Existing());
    }

    [Fact]
    public async Task RescanAsync_ScansThroughTheOwner_OnceTheWatchHasStarted()
    {
        using var folder = Folder(_temp.Path);
        Assert.Null(folder.RescanAsync());
        folder.Open(_owner);

        folder.StartWatching();
        await folder.RescanAsync()!.WaitAsync(Limit);
        await folder.StopAsync(CancellationToken.None).WaitAsync(Limit);

        Assert.Contains("scan", _owner.Calls);
    }

    [Fact]
    public void StartWatching_Throws_WhenTheFolderWasNotOpened()
    {
        using var folder = Folder(null);
        folder.Open(_owner);

        Assert.Throws<InvalidOperationException>(folder.StartWatching);
    }

    private ConfiguredFolder Folder(string? configured) => new("script", () => configured, _timing, new FakeTimeProvider());

    private sealed class TestSourceOptions : SourceOptions;

    private sealed class RecordingOwner : IConfiguredFolderOwner
    {
        private readonly Lock _gate = new();
        private readonly List<string> _calls = [];

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_gate)
                {
                    return [.. _calls];
                }
            }
        }

        public void Disabled() => Add("disabled");

        public void Created(string path) => Add($"created {path}");

        public void CannotCreate(string path, string error) => Add($"cannot create {path}: {error}");

        public void Refused(string path, string reason) => Add($"refused {path}: {reason}");

        public void Scan(CancellationToken stopping) => Add("scan");

        public void ScanFailed(Exception exception) => Add($"scan failed: {exception.Message}");

        public void CannotWatch(string reason) => Add($"cannot watch: {reason}");

        public void LostEvents(string reason) => Add($"lost events: {reason}");

        private void Add(string call)
        {
            lock (_gate)
            {
                _calls.Add(call);
            }
        }
    }
}
