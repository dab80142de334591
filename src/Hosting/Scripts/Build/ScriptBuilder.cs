using Kairos.Host.Scripts.Cache;
using Kairos.Host.Scripts.Closure;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Header;
using Kairos.Host.Scripts.Loading;
using Kairos.Host.Scripts.Status;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scripts.Build;

/// <summary>
/// Turns a script closure into a loaded version: parses the header (no compile when it is wrong), takes the
/// compiled bytes from the cache or compiles and caches them, and loads them into a new collectible context.
/// Thread-safe: the initial scan builds many scripts in parallel.
/// </summary>
internal sealed class ScriptBuilder(
    ScriptCompiler compiler,
    ScriptCache cache,
    ScriptReferences references,
    ScriptCounters counters,
    ILogger<ScriptBuilder> logger)
{
    public ScriptBuild Build(ScriptClosure closure, string scriptsRoot, CancellationToken cancellationToken)
    {
        var display = ScriptDiagnostic.DisplayPath(closure.RootPath, scriptsRoot);
        var header = ScriptHeaderParser.Parse(closure.RootText.ToString());
        if (header.Definition is null)
        {
            return new ScriptBuild(closure, null, header.DeclaredId, null,
                [.. header.Errors.Select(e => ScriptDiagnostic.From(e, closure.RootPath, scriptsRoot))], HeaderFailed: true);
        }

        var key = ScriptCacheKey.For(closure, compiler.Fingerprint);
        var assemblyName = ScriptCacheKey.AssemblyName(display, closure.Version);
        if (cache.TryGet(key, out var cachedImage))
        {
            try
            {
                var loaded = LoadedScript.Load(assemblyName, cachedImage, closure.References, references);
                counters.CacheHit();
                ScriptLog.CacheHit(logger, display, closure.Version);
                return new ScriptBuild(closure, header.Definition, header.DeclaredId, loaded, [], HeaderFailed: false);
            }
            catch (Exception e) when (e is BadImageFormatException or MissingMethodException or FileLoadException)
            {
                ScriptLog.CacheEntryDamaged(logger, display, e.Message);
                cache.Invalidate(key);
            }
        }

        var compiled = compiler.Compile(closure, assemblyName, scriptsRoot, cancellationToken);
        counters.Compiled(compiled.Elapsed, compiled.Succeeded);
        if (!compiled.Succeeded)
        {
            return new ScriptBuild(closure, header.Definition, header.DeclaredId, null, compiled.Errors, HeaderFailed: false);
        }
        ScriptLog.Compiled(logger, display, closure.Version, compiled.Elapsed.TotalMilliseconds);
        if (compiled.MatchesClosure)
        {
            cache.Put(key, compiled.Image!);
        }
        var script = LoadedScript.Load(assemblyName, compiled.Image!, closure.References, references);
        return new ScriptBuild(closure, header.Definition, header.DeclaredId, script, [], HeaderFailed: false);
    }
}
