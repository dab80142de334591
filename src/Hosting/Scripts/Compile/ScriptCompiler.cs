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
/// Compiles a script closure to a PE image with the Roslyn scripting API, never running it
/// (<c>RunAsync</c> would load a non-collectible assembly per compile: roslyn#41722). Compiling blocks its thread
/// for 50–170 ms warm and about a second cold, so callers keep it off the scheduler's path. A script that calls an API
/// that ends the host process is refused (<see cref="ScriptProcessExitCheck"/>) unless <paramref name="allowProcessExit"/>.
/// </summary>
/// <remarks>
/// The image carries its portable PDB (embedded, with the sources), whose documents are the files' full paths with the
/// checksums of their bytes, so a debugger attached to the host binds breakpoints set in the <c>.csx</c> files, and stack
/// traces show their lines. The build is optimized unless <paramref name="debug"/> (<c>kairos exec</c>) or a debugger is
/// attached when the script compiles: then locals and stepping are as written.
/// </remarks>
internal sealed class ScriptCompiler(ScriptReferences references, bool allowProcessExit = false, bool debug = false)
{
    /// <summary>The type and method Roslyn emits as a submission's entry point.</summary>
    public const string EntryTypeName = "Submission#0";
    public const string EntryMethodName = "<Factory>";

    /// <summary>Identifies what the compiled bytes depend on besides the closure, for cache keys.</summary>
    public string Fingerprint =>
        references.Fingerprint + (allowProcessExit ? "|process-exit-allowed" : "") + (Debug ? "|debug" : "");

    /// <summary>Whether scripts compile now without optimizations, for a debugger.</summary>
    public bool Debug => debug || Debugger.IsAttached;

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
            .WithOptimizationLevel(Debug ? OptimizationLevel.Debug : OptimizationLevel.Release)
            .WithAllowUnsafe(false)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithSourceResolver(new ClosureSourceResolver(closure))
            .WithMetadataResolver(ScriptResolvers.Metadata(directory));
        var script = CSharpScript.Create(closure.RootText.ToString(), options, typeof(ScriptGlobals));
        var compilation = WithRootText(script.GetCompilation().WithAssemblyName(assemblyName), closure);

        using var image = new MemoryStream();
        var emit = compilation.Emit(image,
            options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded),
            embeddedTexts: compilation.SyntaxTrees.Select(t => (t.FilePath, Text: t.GetText(cancellationToken))).Where(t => t.Text.CanBeEmbedded)
                .Select(t => EmbeddedText.FromSource(t.FilePath, t.Text)),
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
            ? new ScriptCompileResult(null, errors, elapsed)
            : new ScriptCompileResult(image.ToArray(), [], elapsed, MatchesClosure(compilation, closure));
    }

    /// <summary>
    /// The compilation with the script's own tree parsed from the text read from its file: <c>CSharpScript.Create</c>
    /// takes a string, whose checksum (of its re-encoded text) need not be that of the file's bytes, and debuggers refuse
    /// to bind breakpoints in a file whose checksum differs from the PDB's.
    /// </summary>
    private static Compilation WithRootText(Compilation compilation, ScriptClosure closure)
    {
        var root = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == closure.RootPath);
        return root is null
            ? compilation
            : compilation.ReplaceSyntaxTree(root, CSharpSyntaxTree.ParseText(closure.RootText, (CSharpParseOptions)root.Options, root.FilePath));
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
