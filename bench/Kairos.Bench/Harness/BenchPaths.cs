namespace Kairos.Bench.Harness;

/// <summary>Fresh folders for stores, so no repetition inherits another's file.</summary>
internal static class BenchPaths
{
    public static string NewTempDir(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), "kairos-bench", $"{prefix}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
