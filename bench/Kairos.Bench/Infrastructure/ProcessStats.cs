using System.Diagnostics;
using System.Runtime;

namespace Kairos.Bench.Infrastructure;

/// <summary>Memory and CPU of this process, read the way an operator would (RSS from /proc, CPU from the kernel).</summary>
internal static class ProcessStats
{
    /// <summary>Resident set size now, in bytes.</summary>
    public static long Rss() => ReadStatusKb("VmRSS:") * 1024;

    /// <summary>Peak resident set size of the process so far, in bytes.</summary>
    public static long PeakRss() => ReadStatusKb("VmHWM:") * 1024;

    public static TimeSpan Cpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>Two blocking, compacting full collections (the second one collects what finalizers released).</summary>
    public static void FullGc()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>Managed heap in use after the last collection, in bytes.</summary>
    public static long Heap() => GC.GetTotalMemory(forceFullCollection: false);

    private static long ReadStatusKb(string key)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                var parts = line[key.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
