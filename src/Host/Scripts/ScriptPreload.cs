using Kairos.Host.Scripts.Compile;

namespace Kairos.Host.Scripts;

/// <summary>
/// The first scan's builds, started early on the thread pool. Building a script (reading its closure, compiling it or
/// taking it from the compile cache, loading it into its own context) needs neither the store nor the catalog, so at
/// start-up it runs while the store opens instead of after it. The first scan takes each build whose closure has the
/// content hash it reads then, and builds the others itself; what it does not take is unloaded.
/// </summary>
internal sealed class ScriptPreload
{
    private readonly Task<Dictionary<string, ScriptBuild>> _builds;

    /// <param name="root">The scripts folder.</param>
    /// <param name="list">Lists the files to build (full paths), on the thread pool too: every file the scan would build.</param>
    /// <param name="build">Builds one file; null when the file is not a job script after all (no header, unreadable).</param>
    /// <param name="cancellationToken">Stops the builds (host shutdown); those done are unloaded.</param>
    public ScriptPreload(string root, Func<IReadOnlyList<string>> list, Func<string, ScriptBuild?> build, CancellationToken cancellationToken)
    {
        Root = root;
        _builds = Task.Run(() =>
        {
            var files = list();
            var built = new ScriptBuild?[files.Count];
            try
            {
                Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
                    i => built[i] = build(files[i]));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Stopped (a cancelled build surfaces wrapped in an AggregateException): unload what was built.
                Unload(built);
                return [];
            }
            var byFile = new Dictionary<string, ScriptBuild>(StringComparer.Ordinal);
            for (var i = 0; i < files.Count; i++)
            {
                if (built[i] is { } result)
                {
                    byFile[files[i]] = result;
                }
            }
            return byFile;
        }, CancellationToken.None);
    }

    /// <summary>The scripts folder the builds were read from.</summary>
    public string Root { get; }

    /// <summary>Completes when every build is done.</summary>
    public Task Completion => _builds;

    /// <summary>Waits for the builds (by full path); empty when they failed as a whole (the scan builds and reports).</summary>
    public Dictionary<string, ScriptBuild> Results()
    {
        try
        {
            return _builds.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Dictionary<string, ScriptBuild>(StringComparer.Ordinal);
        }
    }

    /// <summary>Unloads the loaded versions of builds nobody takes.</summary>
    public static void Unload(IEnumerable<ScriptBuild?> builds)
    {
        foreach (var build in builds)
        {
            build?.Script?.Unload();
        }
    }
}
