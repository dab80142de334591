using System.Diagnostics.CodeAnalysis;
using Kairos.Host.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scripts.Cache;

/// <summary>
/// Compiled scripts on disk (<c>KEY.dll</c>, its portable PDB embedded), keyed by <see cref="ScriptCacheKey"/>, so a restart
/// with unchanged scripts compiles nothing. Entries are written to a temporary name and renamed, so a crash never
/// leaves half an entry; a damaged entry is deleted when it fails to load. Failures here never fail a script.
/// </summary>
internal sealed class ScriptCache
{
    private readonly string? _directory;
    private readonly int _maxEntries;
    private readonly TimeProvider _time;
    private readonly ILogger<ScriptCache> _logger;

    public ScriptCache(IOptions<KairosOptions> kairos, IOptions<ScriptSourceOptions> options, TimeProvider time, ILogger<ScriptCache> logger)
    {
        var configured = options.Value.CachePath;
        _directory = configured is null
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(kairos.Value.DatabasePath)) ?? ".", "script-cache")
            : configured.Length == 0 ? null : Path.GetFullPath(configured);
        _maxEntries = Math.Max(1, options.Value.CacheMaxEntries);
        _time = time;
        _logger = logger;
    }

    public string? Directory => _directory;

    public bool TryGet(string key, [NotNullWhen(true)] out byte[]? image)
    {
        image = null;
        if (_directory is null)
        {
            return false;
        }
        var imagePath = Path.Combine(_directory, key + ".dll");
        try
        {
            if (!File.Exists(imagePath))
            {
                return false;
            }
            image = File.ReadAllBytes(imagePath);
            File.SetLastWriteTimeUtc(imagePath, _time.GetUtcNow().UtcDateTime);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.CacheFailed(_logger, "read", imagePath, e.Message);
            image = null;
            return false;
        }
    }

    public void Put(string key, byte[] image)
    {
        if (_directory is null)
        {
            return;
        }
        try
        {
            System.IO.Directory.CreateDirectory(_directory);
            WriteAtomically(Path.Combine(_directory, key + ".dll"), image);
            Prune(key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.CacheFailed(_logger, "write", _directory, e.Message);
        }
    }

    public void Invalidate(string key)
    {
        if (_directory is null)
        {
            return;
        }
        try
        {
            File.Delete(Path.Combine(_directory, key + ".dll"));
            // Left by versions before the PDB was embedded.
            File.Delete(Path.Combine(_directory, key + ".pdb"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.CacheFailed(_logger, "delete", _directory, e.Message);
        }
    }

    private void Prune(string justWritten)
    {
        var entries = new DirectoryInfo(_directory!).GetFiles("*.dll");
        if (entries.Length <= _maxEntries)
        {
            return;
        }
        foreach (var old in entries.Where(f => Path.GetFileNameWithoutExtension(f.Name) != justWritten)
                     .OrderBy(f => f.LastWriteTimeUtc).Take(entries.Length - _maxEntries))
        {
            Invalidate(Path.GetFileNameWithoutExtension(old.Name));
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }
}
