using System.Diagnostics;
using System.Text;
using Kairos.Host.Scripts.Closure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;

namespace Kairos.Host.Scripts.Compile;

/// <summary>
/// Compiles a script closure to PE and PDB bytes with the Roslyn scripting API, never running it
/// (<c>RunAsync</c> would load a non-collectible assembly per compile: roslyn#41722). Compiling blocks its thread
/// for 50–170 ms warm and about a second cold, so callers keep it off the scheduler's path. A script that calls an API
/// that ends the host process is refused (<see cref="ScriptProcessExitCheck"/>) unless <paramref name="allowProcessExit"/>.
/// </summary>
internal sealed class ScriptCompiler(ScriptReferences references, bool allowProcessExit = false)
{
    /// <summary>The type and method Roslyn emits as a submission's entry point.</summary>
    public const string EntryTypeName = "Submission#0";
    public const string EntryMethodName = "<Factory>";

    /// <summary>Identifies what the compiled bytes depend on besides the closure, for cache keys.</summary>
    public string Fingerprint => allowProcessExit ? references.Fingerprint + "|process-exit-allowed" : references.Fingerprint;

    public ScriptCompileResult Compile(ScriptClosure closure, string assemblyName, string scriptsRoot, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var directory = Path.GetDirectoryName(closure.RootPath) ?? ".";
        var options = ScriptOptions.Default
            .WithReferences(references.MetadataReferences)
            .WithImports(ScriptReferences.Imports)
            .WithFilePath(closure.RootPath)
            .WithFileEncoding(Encoding.UTF8)
            .WithEmitDebugInformation(true)
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithAllowUnsafe(false)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithSourceResolver(new ClosureSourceResolver(closure))
            .WithMetadataResolver(ScriptResolvers.Metadata(directory));
        var script = CSharpScript.Create(closure.RootText.ToString(), options, typeof(ScriptGlobals));
        var compilation = script.GetCompilation().WithAssemblyName(assemblyName);

        using var image = new MemoryStream();
        using var symbols = new MemoryStream();
        var emit = compilation.Emit(image, symbols,
            options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb),
            cancellationToken: cancellationToken);
        var errors = emit.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => ScriptDiagnostic.From(d, closure.RootPath, scriptsRoot))
            .Concat(allowProcessExit ? [] : ScriptProcessExitCheck.Find(compilation, closure.RootPath, scriptsRoot, cancellationToken))
            .OrderBy(d => d.Path, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column)
            .ToList();
        if (emit.Success && errors.Count == 0)
        {
            var entry = compilation.GetEntryPoint(cancellationToken);
            if (entry is null || entry.ContainingType.MetadataName != EntryTypeName || entry.MetadataName != EntryMethodName)
            {
                errors.Add(new ScriptDiagnostic(ScriptDiagnostic.DisplayPath(closure.RootPath, scriptsRoot), 0, 0, "KRS100",
                    $"the compiled script has entry point '{entry?.ContainingType.MetadataName}.{entry?.MetadataName}': expected '{EntryTypeName}.{EntryMethodName}' (unsupported Roslyn version?)"));
            }
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        return errors.Count > 0 || !emit.Success
            ? new ScriptCompileResult(null, null, errors, elapsed)
            : new ScriptCompileResult(image.ToArray(), symbols.ToArray(), [], elapsed, MatchesClosure(compilation, closure));
    }

    private static bool MatchesClosure(Compilation compilation, ScriptClosure closure) =>
        compilation.SyntaxTrees.All(t => closure.Sources.ContainsKey(t.FilePath))
        && compilation.DirectiveReferences.OfType<PortableExecutableReference>().All(r => r.FilePath is { } path && closure.References.Contains(path));

    /// <summary>Compiles a trivial script so the first real compile after start does not pay Roslyn's cold start.</summary>
    public TimeSpan WarmUp(string scriptsRoot)
    {
        var path = Path.Combine(scriptsRoot, "kairos-warm-up.csx");
        var closure = ScriptClosure.InMemory(path, "Logger.LogDebug(\"warm-up {Id}\", JobId);\nawait Task.Yield();\nreturn Enumerable.Range(0, 3).Sum();\n");
        return Compile(closure, "kairos.script.warm-up", scriptsRoot, CancellationToken.None).Elapsed;
    }
}
