using Kairos.Host.Cli;
using Kairos.Host.Scripts;
using Kairos.Host.Scripts.Editor;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kairos.Tests.Scripts.Editor;

/// <summary>
/// What <c>kairos scripts init-editor</c> gives an editor, checked the way OmniSharp uses it: its response file parsed
/// by Roslyn's script command-line parser, and a script compiled with those references and usings and no globals
/// object resolves the host's globals and default imports.
/// </summary>
public sealed class EditorGlobalsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Source_HasAStaticMemberForEachPublicMemberOfTheScriptGlobals_WithItsDocumentation()
    {
        var source = EditorGlobals.Source();

        foreach (var property in typeof(ScriptGlobals).GetProperties())
        {
            Assert.Contains($" {property.Name} => throw null!;", source, StringComparison.Ordinal);
        }
        Assert.Contains("public static string GetDataString(string name, string defaultValue) => throw null!;", source, StringComparison.Ordinal);
        Assert.Contains("public static string? DataJson => throw null!;", source, StringComparison.Ordinal);
        Assert.Contains("/// <summary>The run's logger: lines go to the host log and the last 100 to the run record.</summary>", source, StringComparison.Ordinal);
    }

    [Fact]
    public void TheResponseFile_LetsAScriptWithoutAGlobalsObjectCompile_AsAnEditorSeesIt()
    {
        EditorSetup.Write(_folder.Path, force: false);
        var rsp = Path.Combine(_folder.Path, EditorSetup.FolderName, "kairos.rsp");
        var arguments = CSharpCommandLineParser.Script.Parse([$"@{rsp}"], _folder.Path, sdkDirectory: null);
        Assert.Empty(arguments.Errors);
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == Path.GetDirectoryName(typeof(object).Assembly.Location))
            .Select(p => MetadataReference.CreateFromFile(p));
        var references = arguments.MetadataReferences.Select(r => MetadataReference.CreateFromFile(r.Reference));
        var script = CSharpSyntaxTree.ParseText("""
            Logger.LogInformation("job {Id} for {Name}", JobId, GetDataString("name", "nobody"));
            await Task.Delay(1, CancellationToken);
            var now = Context.TimeProvider.GetUtcNow();
            var total = new[] { 1, 2 }.Sum() + (int)GetDataNumber("top", 3) + Attempt;
            Context.Logger.LogDebug("{Kind} {Total} {When:O}", Data.ValueKind, total, ScheduledUtc);
            await Scheduler.TriggerAsync("other.job", JsonSerializer.Serialize(new { total }), CancellationToken);
            """, new CSharpParseOptions(LanguageVersion.Latest, kind: SourceCodeKind.Script));
        var compilation = CSharpCompilation.CreateScriptCompilation("editor", script, [.. framework, .. references],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, usings: arguments.CompilationOptions.Usings));

        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }
}
