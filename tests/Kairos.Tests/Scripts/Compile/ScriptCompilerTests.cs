using System.Runtime.CompilerServices;
using Kairos.Host.Scripts;
using Kairos.Host.Scripts.Cache;
using Kairos.Host.Scripts.Closure;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Loading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kairos.Tests.Scripts.Compile;

public sealed class ScriptCompilerTests : IDisposable
{
    private static readonly ScriptReferences References = new();
    private readonly TempFolder _folder = new();
    private readonly ScriptClosureReader _reader = new();
    private readonly ScriptCompiler _compiler = new(References);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Compile_ReportsMissingSemicolon_AtTheLineAndColumnOfTheUserFile()
    {
        const string text = "// kairos: id = broken.sample\n// kairos: cron = 0 * * * *\n\nvar total = 1 + 2\nLogger.LogInformation(\"{Total}\", total);\n";

        var (result, _) = Compile("broken.csx", text);

        Assert.False(result.Succeeded);
        Assert.Equal("broken.csx(4,18): error CS1002: ; expected", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Compile_ReportsUnknownName_WithItsPosition_InASubfolderScript()
    {
        const string text = "// kairos: id = typo\n\nif (true)\n{\n    Loger.LogInformation(\"x\");\n}\n";

        var (result, _) = Compile("ops/typo.csx", text);

        Assert.Equal("ops/typo.csx(5,5): error CS0103: The name 'Loger' does not exist in the current context", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Compile_ReportsErrorsOfALoadedFile_WithThatFilesPathAndLines()
    {
        _folder.Write("lib/helpers.csx", "// shared helpers\nstatic string Greet(string name) => $\"hello {name}\" + missing;\n");

        var (result, _) = Compile("job.csx", "// kairos: id = uses.helpers\n#load \"lib/helpers.csx\"\nLogger.LogInformation(Greet(\"x\"));\n");

        Assert.Equal("lib/helpers.csx(2,55): error CS0103: The name 'missing' does not exist in the current context", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Compile_UsesExactlyTheFilesOfTheClosure()
    {
        _folder.Write("lib/one.csx", "#load \"two.csx\"\nstatic int One() => Two();\n");
        _folder.Write("lib/two.csx", "static int Two() => 2;\n");

        var (result, closure) = Compile("job.csx", "// kairos: id = loads\n#load \"lib/one.csx\"\nreturn One();\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.True(result.MatchesClosure);
        Assert.Equal(2, closure.LoadedFiles.Count);
    }

    [Fact]
    public void Compile_ReportsMissingLoadFile_OnTheDirectiveLine()
    {
        var (result, _) = Compile("job.csx", "// kairos: id = a\n\n#load \"nowhere.csx\"\nreturn;\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("job.csx", 3, "CS1504"), (error.Path, error.Line, error.Id));
    }

    [Fact]
    public async Task Run_GivesTheScriptLoggerCancellationTokenAwaitAndData()
    {
        const string text = """
            // kairos: id = globals.sample
            await Task.Delay(1, CancellationToken);
            await Task.Yield();
            var files = new[] { "a.log", "b.txt" }.Where(f => f.EndsWith(".log")).Count();
            Logger.LogInformation("job {JobId} at {Scheduled:O} folder {Folder} top {Top} files {Files}",
                JobId, ScheduledUtc, GetDataString("folder", "."), GetDataNumber("top", 3), files);
            Logger.LogInformation("cancellable {Can}, attempt {Attempt}, data {Kind}", CancellationToken.CanBeCanceled, Attempt, Data.ValueKind);
            """;
        var script = Load("globals.csx", text);
        var context = new TestJobContext("globals.sample", """{"folder": "/var/log"}""");
        using var cts = new CancellationTokenSource();

        await script.RunAsync(new ScriptGlobals(context, "globals.csx", cts.Token));

        Assert.Equal(
            [
                "Information: job globals.sample at 2026-03-29T01:30:00.0000000+00:00 folder /var/log top 3 files 1",
                "Information: cancellable True, attempt 1, data Object",
            ],
            context.Log.Lines);
    }

    [Fact]
    public async Task Run_EndsCancelled_WhenTheTokenIsCancelled()
    {
        var script = Load("wait.csx", "// kairos: id = waits\nLogger.LogInformation(\"waiting\");\nawait Task.Delay(Timeout.Infinite, CancellationToken);\n");
        var context = new TestJobContext("waits");
        using var cts = new CancellationTokenSource();

        var run = script.RunAsync(new ScriptGlobals(context, "wait.csx", cts.Token));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.Equal(["Information: waiting"], context.Log.Lines);
    }

    [Fact]
    public async Task Run_FailsWithTheScriptsException_AndItsLineInTheStackTrace()
    {
        var script = Load("boom.csx", "// kairos: id = boom\n\nthrow new InvalidOperationException(\"disk full\");\n");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => script.RunAsync(new ScriptGlobals(new TestJobContext("boom"), "boom.csx", CancellationToken.None)));

        Assert.Equal("disk full", error.Message);
        Assert.Contains("boom.csx:line 3", error.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UsesAnAssemblyReferencedByPath()
    {
        EmitLibrary(Path.Combine(_folder.Path, "bin", "Greeter.dll"), "public static class Greeter { public static string Hello(string who) => \"hello \" + who; }");
        var script = Load("greet.csx", "// kairos: id = greet\n#r \"bin/Greeter.dll\"\nLogger.LogInformation(Greeter.Hello(\"kairos\"));\n");
        var context = new TestJobContext("greet");

        await script.RunAsync(new ScriptGlobals(context, "greet.csx", CancellationToken.None));

        Assert.Equal(["Information: hello kairos"], context.Log.Lines);
    }

    [Fact]
    public async Task Unload_CollectsTheContextAndItsReferencedAssembly_AfterARun()
    {
        EmitLibrary(Path.Combine(_folder.Path, "bin", "Shouter.dll"), "public static class Shouter { public static string Up(string s) => s.ToUpperInvariant(); }");
        _folder.Write("unload.csx", "// kairos: id = unload.me\n#r \"bin/Shouter.dll\"\nawait Task.Yield();\nLogger.LogInformation(Shouter.Up(\"done\"));\n");

        var (weak, assemblyName) = await Task.Run(() => LoadRunAndUnload(Path.Combine(_folder.Path, "unload.csx")));

        for (var i = 0; i < 10 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(weak.IsAlive, "the script's load context is still alive after unload");
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == assemblyName || a.GetName().Name == "Shouter");
    }

    [Fact]
    public void WarmUp_CompilesWithoutErrors()
    {
        Assert.True(_compiler.WarmUp(_folder.Path) > TimeSpan.Zero);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private (WeakReference Context, string AssemblyName) LoadRunAndUnload(string path)
    {
        var closure = _reader.Read(path);
        var name = ScriptCacheKey.AssemblyName("unload.csx", closure.Version);
        var result = _compiler.Compile(closure, name, _folder.Path, CancellationToken.None);
        var script = LoadedScript.Load(name, result.Image!, closure.References, References);
        var context = new TestJobContext("unload.me");
        script.RunAsync(new ScriptGlobals(context, path, CancellationToken.None)).GetAwaiter().GetResult();
        Assert.Equal(["Information: DONE"], context.Log.Lines);
        Assert.Contains(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "Shouter");
        return (script.Unload(), name);
    }

    private (ScriptCompileResult Result, ScriptClosure Closure) Compile(string relativePath, string text)
    {
        var closure = _reader.Read(_folder.Write(relativePath, text));
        return (_compiler.Compile(closure, ScriptCacheKey.AssemblyName(relativePath, closure.Version), _folder.Path, CancellationToken.None), closure);
    }

    private LoadedScript Load(string relativePath, string text)
    {
        var (result, closure) = Compile(relativePath, text);
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return LoadedScript.Load(ScriptCacheKey.AssemblyName(relativePath, closure.Version), result.Image!, closure.References, References);
    }

    private static void EmitLibrary(string path, string code)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(path), [CSharpSyntaxTree.ParseText(code)],
            References.MetadataReferences, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }
}
