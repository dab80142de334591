using Kairos.Host.Plugins.Discovery;

namespace Kairos.Host.Plugins.Loading;

/// <summary>
/// Copies a plugin's files to a private folder before loading them, so the deployed files can be replaced (copy in
/// place, rename, new folder) while the loaded version runs, and so a version's lazily loaded dependencies come from
/// that version's own files. One root per host; deleted on stop.
/// </summary>
internal sealed class PluginShadowCopy : IDisposable
{
    private int _counter;

    public PluginShadowCopy()
    {
        Root = Path.Combine(Path.GetTempPath(), "kairos-plugins", $"{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    public string Root { get; }

    /// <summary>Copies the plugin and returns the folder of the copy and the path of its main assembly in it.</summary>
    public (string Folder, string MainAssemblyPath) Copy(PluginCandidate candidate)
    {
        var folder = Path.Combine(Root, $"{candidate.Name}.{Interlocked.Increment(ref _counter)}");
        Directory.CreateDirectory(folder);
        try
        {
            foreach (var file in candidate.EnumerateFiles())
            {
                var target = Path.Combine(folder, Path.GetRelativePath(candidate.FilesRoot, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new FileStream(target, FileMode.CreateNew, FileAccess.Write);
                source.CopyTo(copy);
            }
        }
        catch
        {
            Delete(folder);
            throw;
        }
        var main = Path.Combine(folder, Path.GetRelativePath(candidate.FilesRoot, candidate.MainAssemblyPath!));
        return (folder, main);
    }

    /// <summary>Deletes a copy; best effort, as a file may still be open by a context that is not yet collected.</summary>
    public static void Delete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose() => Delete(Root);
}
