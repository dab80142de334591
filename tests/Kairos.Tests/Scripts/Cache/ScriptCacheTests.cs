using Kairos.Host.Hosting;
using Kairos.Host.Scripts;
using Kairos.Host.Scripts.Cache;
using Kairos.Host.Scripts.Closure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kairos.Tests.Scripts.Cache;

public sealed class ScriptCacheTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Cache_LivesBesideTheStore_ByDefault()
    {
        var cache = Create(new ScriptSourceOptions());

        Assert.Equal(Path.Combine(_folder.Path, "data", "script-cache"), cache.Directory);
    }

    [Fact]
    public void TryGet_ReturnsWhatPutStored()
    {
        var cache = Create(new ScriptSourceOptions());

        cache.Put("k1", [1, 2, 3]);

        Assert.True(cache.TryGet("k1", out var image));
        Assert.Equal(new byte[] { 1, 2, 3 }, image);
        Assert.False(cache.TryGet("k2", out _));
        Assert.Empty(Directory.GetFiles(cache.Directory!, "*.tmp"));
    }

    [Fact]
    public void Put_KeepsAtMostTheConfiguredNumberOfEntries()
    {
        var cache = Create(new ScriptSourceOptions { CacheMaxEntries = 2 });

        cache.Put("a", [1]);
        File.SetLastWriteTimeUtc(Path.Combine(cache.Directory!, "a.dll"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        cache.Put("b", [2]);
        cache.Put("c", [3]);

        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
    }

    [Fact]
    public void Cache_IsDisabled_WhenItsPathIsEmpty()
    {
        var cache = Create(new ScriptSourceOptions { CachePath = "" });

        cache.Put("k", [1]);

        Assert.Null(cache.Directory);
        Assert.False(cache.TryGet("k", out _));
    }

    [Fact]
    public void Key_DependsOnContentPathAndEnvironment()
    {
        var closure = ScriptClosure.InMemory("/s/a.csx", "return;") with { ContentHash = new string('1', 64) };

        var key = ScriptCacheKey.For(closure, "env-1");

        Assert.Equal(key, ScriptCacheKey.For(closure, "env-1"));
        Assert.NotEqual(key, ScriptCacheKey.For(closure, "env-2"));
        Assert.NotEqual(key, ScriptCacheKey.For(closure with { RootPath = "/t/a.csx" }, "env-1"));
        Assert.NotEqual(key, ScriptCacheKey.For(closure with { ContentHash = new string('2', 64) }, "env-1"));
    }

    [Fact]
    public void AssemblyName_IsReadableAndSafe()
    {
        Assert.Equal("kairos.script.reports.disk-usage.abc123def456", ScriptCacheKey.AssemblyName("reports/disk-usage.csx", "abc123def456"));
        Assert.Equal("kairos.script.my.job..x..abc", ScriptCacheKey.AssemblyName("my job (x).csx", "abc"));
    }

    private ScriptCache Create(ScriptSourceOptions options) => new(
        Options.Create(new KairosOptions { DatabasePath = Path.Combine(_folder.Path, "data", "kairos.db") }),
        Options.Create(options),
        TimeProvider.System,
        NullLogger<ScriptCache>.Instance);
}
