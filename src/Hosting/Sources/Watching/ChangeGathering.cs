namespace Kairos.Host.Sources.Watching;

/// <summary>
/// What the file events since the last scan say about how the change arrived, so that the folder watch knows how long
/// to wait for quiet. A file or folder renamed into place (<c>mv</c>, rsync, a copy written beside and renamed over: an
/// atomic replace) was complete when the rename happened, and so were the writes to the name it was renamed from: when
/// every write seen was to a name renamed away since, and a rename was seen, the watch only gathers the rest of the
/// same deploy (<see cref="SourceOptions.RenameDebounce"/>). A write to a name still in place (<c>cp</c> over a file,
/// an editor's save, a file created and still being written), a rename followed by a write to what it moved, or lost
/// events keep the full quiet time (<see cref="SourceOptions.Debounce"/>): the file may be half-written. A rename of
/// content out of the way, to a staging name (<see cref="HiddenNames"/>: the first half of a swap, <c>mv Billing
/// .Billing.old</c>), keeps the full time too until a rename puts something back at the name it left (the second half,
/// <c>mv .Billing.new Billing</c>), so a scan does not fall between the two and see the plugin gone. Deletes decide
/// nothing. Events come from the watcher's thread; the loop reads and clears.
/// </summary>
/// <param name="root">The watched folder: staging names are judged below it.</param>
internal sealed class ChangeGathering(string root)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly HashSet<string> _vacated = new(StringComparer.Ordinal);
    private bool _renamed;
    private bool _lost;

    /// <summary>Takes one watcher event into account.</summary>
    public void Add(FileSystemEventArgs change)
    {
        lock (_gate)
        {
            switch (change)
            {
                case RenamedEventArgs renamed:
                    _renamed = true;
                    var old = renamed.OldFullPath;
                    var below = old + Path.DirectorySeparatorChar;
                    _written.RemoveWhere(p => p == old || p.StartsWith(below, StringComparison.Ordinal));
                    if (HiddenNames.IsHiddenBelow(root, renamed.FullPath))
                    {
                        if (!HiddenNames.IsHiddenBelow(root, old))
                        {
                            _vacated.Add(old); // content moved out of the way: something may be about to take its place
                        }
                    }
                    else
                    {
                        _vacated.Remove(renamed.FullPath);
                    }
                    break;
                case { ChangeType: WatcherChangeTypes.Created or WatcherChangeTypes.Changed }:
                    _written.Add(change.FullPath);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>The watcher lost events (a buffer overflow): what they were is unknown.</summary>
    public void Lost()
    {
        lock (_gate)
        {
            _lost = true;
        }
    }

    /// <summary>
    /// How long the folder must stay quiet before the scan: the rename time when the events so far are renames into
    /// place (and writes they completed), else the full time; never more than the full time.
    /// </summary>
    public TimeSpan QuietTime(SourceOptions timing)
    {
        lock (_gate)
        {
            return _renamed && !_lost && _written.Count == 0 && _vacated.Count == 0 && timing.RenameDebounce < timing.Debounce
                ? timing.RenameDebounce
                : timing.Debounce;
        }
    }

    /// <summary>Forgets the events so far: a scan is starting, and it sees what they changed.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _written.Clear();
            _vacated.Clear();
            _renamed = false;
            _lost = false;
        }
    }
}
