using System.Diagnostics.CodeAnalysis;
using Kairos.Host.Scripts;
using Kairos.Host.Scripts.Cache;
using Kairos.Host.Scripts.Closure;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Header;
using Kairos.Host.Scripts.Loading;
using HostDiagnostic = Kairos.Host.Scripts.Compile.ScriptDiagnostic;

namespace Kairos.Testing;

/// <summary>
/// Runs a <c>.csx</c> script job once, without a host: reads it with its <c>#load</c> files, parses its header, compiles
/// it with the host's own script compiler (same references, default imports and checks), loads it into a collectible
/// context, runs it on a <see cref="TestJobContext"/> under the header's timeout (on the test clock), and unloads it.
/// </summary>
public static class ScriptRunner
{
    // Built once: the list of the shared framework's assemblies every script compiles against.
    private static readonly Lazy<ScriptReferences> References = new(() => new ScriptReferences());

    /// <summary>Runs the script at <paramref name="scriptPath"/> once.</summary>
    /// <param name="scriptPath">The script file.</param>
    /// <param name="dataJson">The trigger's data as JSON, when <paramref name="context"/> is not given.</param>
    /// <param name="context">
    /// The run; <see langword="null"/> for a new one whose <see cref="TestJobContext.JobId"/> is the header's id and whose
    /// data is <paramref name="dataJson"/>.
    /// </param>
    /// <param name="cancellationToken">Cancels the run as <see cref="TestJobContext.Cancel"/> does.</param>
    /// <returns>
    /// The outcome. A script whose header or code is wrong ends <see cref="RunStatus.Failed"/> with
    /// <see cref="ScriptRunResult.Diagnostics"/> naming file and line; it does not throw.
    /// </returns>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="scriptPath"/>.</exception>
    /// <exception cref="ArgumentException">Both <paramref name="dataJson"/> and a <paramref name="context"/> with other data were given.</exception>
    [SuppressMessage("Reliability", "CA2000", Justification = "The loaded script is unloaded in the finally block.")]
    public static async Task<ScriptRunResult> RunAsync(string scriptPath, string? dataJson = null, TestJobContext? context = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(scriptPath);
        var path = Path.GetFullPath(scriptPath);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"script '{scriptPath}' does not exist (looked at '{path}'): expected a .csx file", path);
        }
        if (context is not null && dataJson is not null && dataJson != context.DataJson)
        {
            throw new ArgumentException(
                $"data '{dataJson}' was given with a context whose data is '{context.DataJson}': give the data in one place (TestJobContext.DataJson)", nameof(dataJson));
        }
        var folder = Path.GetDirectoryName(path) ?? ".";
        var closure = new ScriptClosureReader().Read(path);
        var header = ScriptHeaderParser.Parse(closure.RootText.ToString());
        context ??= new TestJobContext { JobId = header.DeclaredId ?? Path.GetFileNameWithoutExtension(path), DataJson = dataJson };
        context.MarkStarted();
        if (header.Definition is null)
        {
            return Refused(context, path, [.. header.Errors.Select(e => Full(HostDiagnostic.From(e, path, folder), folder))]);
        }
        // Unoptimized, as kairos exec compiles: a test debugged in the IDE stops at breakpoints in the .csx with its locals.
        var compiled = new ScriptCompiler(References.Value, debug: true).Compile(
            closure, ScriptCacheKey.AssemblyName(Path.GetFileName(path), closure.Version), folder, cancellationToken);
        if (!compiled.Succeeded)
        {
            return Refused(context, path, [.. compiled.Errors.Select(e => Full(e, folder))]);
        }
        var script = LoadedScript.Load(ScriptCacheKey.AssemblyName(Path.GetFileName(path), closure.Version),
            compiled.Image!, closure.References, References.Value);
        try
        {
            var result = await JobRunner.RunCoreAsync(new ScriptJob(script, path), header.Definition.Policies.Timeout, context, disposeJob: false, cancellationToken)
                .ConfigureAwait(false);
            return new ScriptRunResult
            {
                Status = result.Status,
                Error = result.Error,
                Logs = result.Logs,
                Context = result.Context,
                Duration = result.Duration,
            };
        }
        finally
        {
            script.Unload();
        }
    }

    private static ScriptRunResult Refused(TestJobContext context, string path, IReadOnlyList<ScriptDiagnostic> diagnostics) => new()
    {
        Status = RunStatus.Failed,
        Error = new InvalidOperationException($"script '{path}' cannot run: {string.Join("; ", diagnostics)}"),
        Logs = context.Logs,
        Context = context,
        Diagnostics = diagnostics,
    };

    /// <summary>The host's diagnostic (its path relative to the script's folder) with the file's full path.</summary>
    private static ScriptDiagnostic Full(HostDiagnostic diagnostic, string folder) =>
        new(Path.GetFullPath(diagnostic.Path, folder), diagnostic.Line, diagnostic.Column, diagnostic.Id, diagnostic.Message);

    /// <summary>The script's body as a job: fresh globals for the run, as the host's script handler makes them.</summary>
    private sealed class ScriptJob(LoadedScript script, string path) : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
            script.RunAsync(new ScriptGlobals(context, path, cancellationToken));
    }
}
