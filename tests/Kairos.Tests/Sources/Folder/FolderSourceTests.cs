using Kairos.Host.Hosting;
using Kairos.Host.Sources;
using Kairos.Host.Sources.Folder;
using Kairos.Host.Sources.Retiring;
using Kairos.Host.Sources.Trust;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Sources.Folder;

public sealed class FolderSourceTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly FakeLoader _loader = new();
    private readonly RecordingRetirement<FakeVersion> _retirement = new();
    private readonly VersionRetirer<FakeVersion> _retirer;
    private readonly FolderSource<FakeEntry, FakeVersion, string, FakeVersion> _source;
    private readonly string _root = Path.GetTempPath();

    public FolderSourceTests()
    {
        _retirer = new VersionRetirer<FakeVersion>(_retirement, Options.Create(new KairosOptions()), new TestSourceOptions(), new FakeTimeProvider());
        _source = new FolderSource<FakeEntry, FakeVersion, string, FakeVersion>(_loader, _retirer, NullLogger.Instance);
    }

    [Fact]
    public async Task Scan_LoadsTheNewVersionBesideTheOld_ThenRetiresTheOld_WhenTheFingerprintChanged()
    {
        _loader.Files["a"] = "v1";
        _source.Scan(_root);
        var v1 = Current("a");

        _loader.Files["a"] = "v2";
        _source.Scan(_root);
        await _source.WhenIdleAsync().WaitAsync(Limit);

        Assert.Equal("v2", Current("a").Content);
        Assert.Equal(["load a@v1", "publish a@v1", "load a@v2", "publish a@v2"], _loader.Calls);
        Assert.Equal(["started a@v1", "unload a@v1", "retired a@v1:True"], _retirement.Calls);
        Assert.Equal("v1", v1.Content);
    }

    [Fact]
    public async Task Scan_KeepsThePublishedVersion_WhenTheNewOneFailsToLoad()
    {
        _loader.Files["a"] = "v1";
        _source.Scan(_root);
        var v1 = Current("a");

        _loader.Files["a"] = "broken";
        _source.Scan(_root);
        await _source.WhenIdleAsync().WaitAsync(Limit);

        Assert.Same(v1, Current("a"));
        Assert.Equal("a@broken failed", Entry("a").Problem);
        Assert.Empty(_retirement.Calls);
    }

    [Fact]
    public async Task Scan_RemovesTheEntry_AndRetiresItsVersion_WhenItLeftTheFolder()
    {
        _loader.Files["a"] = "v1";
        _loader.Files["b"] = "v1";
        _source.Scan(_root);

        _loader.Files.Remove("a");
        _source.Scan(_root);
        await _source.WhenIdleAsync().WaitAsync(Limit);

        Assert.Equal(["b"], _source.Entries.Select(e => e.Key));
        Assert.Contains("removed a", _loader.Calls);
        Assert.Equal(["started a@v1", "unload a@v1", "retired a@v1:True"], _retirement.Calls);
    }

    [Fact]
    public async Task Scan_LoadsNothing_WhenTheFingerprintIsUnchanged()
    {
        _loader.Files["a"] = "v1";
        _source.Scan(_root);
        var v1 = Current("a");

        _source.Scan(_root);
        _source.Scan(_root);
        await _source.WhenIdleAsync().WaitAsync(Limit);

        Assert.Same(v1, Current("a"));
        Assert.Equal(["load a@v1", "publish a@v1"], _loader.Calls);
        Assert.Empty(_retirement.Calls);
    }

    [Fact]
    public async Task Scan_TakesThePreloadedVersion_WhenItsFingerprintIsTheOneReadNow_AndDiscardsTheOthers()
    {
        _loader.Files["a"] = "v1";
        _loader.Files["b"] = "v1";
        await _source.Preload(_root).WaitAsync(Limit);

        _loader.Files["b"] = "v2";
        _source.Scan(_root);

        Assert.Equal(["load a@v1", "load b@v1", "discard b@v1", "load b@v2", "publish a@v1", "publish b@v2"], _loader.Calls);
        Assert.Equal("v2", Current("b").Content);
    }

    [Fact]
    public async Task DiscardPreload_DiscardsAPreloadNoScanTook_AndLaterPreloadsAreIgnoredAfterAScan()
    {
        _loader.Files["a"] = "v1";
        await _source.Preload(_root).WaitAsync(Limit);

        _source.DiscardPreload();
        _source.Scan(_root);
        var ignored = _source.Preload(_root);

        Assert.True(ignored.IsCompleted);
        Assert.Equal(["load a@v1", "discard a@v1 (stopping)", "load a@v1", "publish a@v1"], _loader.Calls);
    }

    public void Dispose() => _retirer.Dispose();

    private FakeEntry Entry(string key) => _source.Entries.Single(e => e.Key == key);

    private FakeVersion Current(string key) => Entry(key).Current!;

    private sealed class TestSourceOptions : SourceOptions;

    private sealed class FakeVersion(string key, string content, bool failed)
    {
        public string Key { get; } = key;

        public string Content { get; } = content;

        public bool Failed { get; } = failed;

        public override string ToString() => $"{Key}@{Content}";
    }

    private sealed class FakeEntry(string key) : SourceEntry<FakeVersion>(key)
    {
        public string? Problem { get; set; }
    }

    /// <summary>A folder of keys and contents (the content is the fingerprint); a content starting with "broken" fails to load.</summary>
    private sealed class FakeLoader : IVersionLoader<FakeEntry, FakeVersion, string, FakeVersion>
    {
        private readonly Lock _gate = new();

        public Dictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

        public List<string> Calls { get; } = [];

        public string Kind => "fake";

        public bool RemovesFirst => false;

        public int MaxParallelLoads => 1;

        public void ScanStarting(string root)
        {
        }

        public IReadOnlyList<string> Discover(string root) => [.. Files.Keys.Order(StringComparer.Ordinal)];

        public string KeyOf(string candidate) => candidate;

        public FakeEntry NewEntry(string root, string candidate) => new(candidate);

        public LoadRequest<FakeVersion>? Examine(FakeEntry entry, string candidate, CodeTrust trust) => Request(candidate);

        public bool Retry(FakeEntry entry) => false;

        public LoadRequest<FakeVersion>? ExamineAhead(string root, string candidate, CodeTrust trust) => Request(candidate);

        private LoadRequest<FakeVersion> Request(string key)
        {
            var content = Files[key];
            return new(content, _ =>
            {
                Add($"load {key}@{content}");
                return new FakeVersion(key, content, content.StartsWith("broken", StringComparison.Ordinal));
            });
        }

        public LoadOutcome<FakeVersion> Apply(FakeEntry entry, string candidate, FakeVersion load, long elapsedMs)
        {
            if (load.Failed)
            {
                entry.Problem = $"{load} failed";
                return LoadOutcome<FakeVersion>.Kept;
            }
            Add($"publish {load}");
            entry.Problem = null;
            return LoadOutcome<FakeVersion>.Published(load);
        }

        public void Removed(FakeEntry entry) => Add($"removed {entry.Key}");

        public void Scanned(string root, IReadOnlyCollection<FakeEntry> entries, int removed)
        {
        }

        public void Discard(string key, FakeVersion load, bool stopping) => Add($"discard {load}{(stopping ? " (stopping)" : "")}");

        private void Add(string call)
        {
            lock (_gate)
            {
                Calls.Add(call);
            }
        }
    }
}
