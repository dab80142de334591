namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// The <see cref="StoreFileCheck"/> of an existing store file, started ahead on a thread of its own: <c>kairos run</c>
/// starts it as soon as its settings name the file, so the check's read-only open (LiteDB's first open in the process,
/// the costliest step of opening the store) runs on another core while the host is built, instead of after it. The
/// store's open takes its answer only when neither the file nor its log changed since the check began; otherwise it
/// checks again, as without it.
/// </summary>
internal static class StoreCheckAhead
{
    private static readonly Lock Gate = new();
    private static Pending? _pending;

    /// <summary>Starts checking <paramref name="path"/> when the file exists (a new store needs no check); it replaces a check started before.</summary>
    public static void Start(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return;
        }
        var pending = new Pending(full, FileStamp.Of(full));
        lock (Gate)
        {
            _pending = pending;
        }
        var thread = new Thread(() =>
        {
            try
            {
                pending.Answer.SetResult(StoreFileCheck.CheckNow(full));
            }
            catch (Exception e)
            {
                pending.Answer.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "Kairos store check",
        };
        thread.Start();
    }

    /// <summary>
    /// The answer of a check started ahead for <paramref name="path"/> (waiting for it), when the file and its log are
    /// as they were when it began; false when there is none, it failed, or the files changed since.
    /// </summary>
    public static bool TryTake(string path, out string? problem)
    {
        problem = null;
        Pending? pending;
        lock (Gate)
        {
            pending = _pending;
            if (pending is null || pending.Path != path)
            {
                return false;
            }
            _pending = null;
        }
        try
        {
            problem = pending.Answer.Task.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false; // checked again by the caller, where the failure reaches it
        }
        return pending.Stamp == FileStamp.Of(path);
    }

    private sealed record Pending(string Path, FileStamp Stamp)
    {
        public TaskCompletionSource<string?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The length and last write of the store file and of LiteDB's log beside it (NAME-log.EXT).</summary>
    private readonly record struct FileStamp(long Length, DateTime Written, long LogLength, DateTime LogWritten)
    {
        public static FileStamp Of(string path)
        {
            var file = new FileInfo(path);
            var log = new FileInfo(System.IO.Path.Combine(
                System.IO.Path.GetDirectoryName(path)!, System.IO.Path.GetFileNameWithoutExtension(path) + "-log" + System.IO.Path.GetExtension(path)));
            return new FileStamp(
                file.Exists ? file.Length : -1, file.Exists ? file.LastWriteTimeUtc : default,
                log.Exists ? log.Length : -1, log.Exists ? log.LastWriteTimeUtc : default);
        }
    }
}
