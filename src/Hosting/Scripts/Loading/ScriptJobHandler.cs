using Kairos.Host.Catalog;

namespace Kairos.Host.Scripts.Loading;

/// <summary>
/// One loaded version of a script job. Each run gets fresh <see cref="ScriptGlobals"/> and runs on the thread pool
/// (a script's synchronous start must not hold the caller). <see cref="Detach"/> drops the only link to the
/// script's load context, so a handler still referenced somewhere (an old catalog snapshot) cannot keep it alive.
/// </summary>
internal sealed class ScriptJobHandler(JobDefinition definition, string source, string version, string scriptPath, LoadedScript script)
    : JobHandler(definition, source, version)
{
    private volatile LoadedScript? _script = script;

    public string ScriptPath { get; } = scriptPath;

    public bool IsLoaded => _script is not null;

    public override async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var script = _script ?? throw new InvalidOperationException(
            $"version {Version} of script job '{Definition.Id}' ({Source}) has been unloaded; the catalog routes new runs to the current version");
        var globals = new ScriptGlobals(context, ScriptPath, cancellationToken);
        await Task.Run(() => script.RunAsync(globals), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Takes the loaded script away from this handler (once); later runs fail with a clear message.</summary>
    public LoadedScript? Detach() => Interlocked.Exchange(ref _script, null);
}
