using Kairos.Host.Storage.LiteDb;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Storage;

/// <summary>A LiteDB store's files as a crash of the process at this instant leaves them.</summary>
internal static class StoreCrash
{
    /// <summary>
    /// Copies the store's files (the file and its log) into the folder <paramref name="name"/> of <paramref name="dir"/>
    /// and opens the copy as the restarted host opens it: what the store kept in memory only is not there.
    /// </summary>
    public static LiteDbStore Copy(LiteDbStore store, TempDirectory dir, string name)
    {
        var folder = Directory.CreateDirectory(dir.File(name)).FullName;
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(store.Path)!, Path.GetFileNameWithoutExtension(store.Path) + "*.db"))
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        return new LiteDbStore(Path.Combine(folder, Path.GetFileName(store.Path)));
    }
}
