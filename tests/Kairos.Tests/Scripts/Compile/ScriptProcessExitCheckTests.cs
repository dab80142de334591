using Kairos.Host.Scripts.Cache;
using Kairos.Host.Scripts.Closure;
using Kairos.Host.Scripts.Compile;

namespace Kairos.Tests.Scripts.Compile;

/// <summary>A script that would end the host process does not compile (KRS110), however it names the API.</summary>
public sealed class ScriptProcessExitCheckTests : IDisposable
{
    private const string Header = "// kairos: id = exits\n";
    private const string Ends = "which ends the host process and every job in it; end the run by returning or throwing instead (set Kairos:AllowProcessExit to true to allow it)";
    private static readonly ScriptReferences References = new();
    private readonly TempFolder _folder = new();
    private readonly ScriptClosureReader _reader = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Compile_RefusesEnvironmentExit_AtItsLineAndColumn()
    {
        var result = Compile("exit.csx", Header + "Logger.LogInformation(\"bye\");\nif (Attempt > 0) { Environment.Exit(3); }\n");

        Assert.False(result.Succeeded);
        Assert.Equal($"exit.csx(3,20): error KRS110: calls System.Environment.Exit, {Ends}", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("Environment.FailFast(\"boom\");", 1, "System.Environment.FailFast")]
    [InlineData("Environment.FailFast(\"boom\", new Exception());", 1, "System.Environment.FailFast")]
    [InlineData("System.Environment.Exit(3);", 1, "System.Environment.Exit")]
    [InlineData("global::System.Environment.Exit(3);", 1, "System.Environment.Exit")]
    [InlineData("Action<int> quit = Environment.Exit; quit(3);", 20, "System.Environment.Exit")]
    [InlineData("System.Diagnostics.Process.GetCurrentProcess().Kill();", 1, "System.Diagnostics.Process.Kill on the current process")]
    [InlineData("System.Diagnostics.Process.GetCurrentProcess().Kill(true);", 1, "System.Diagnostics.Process.Kill on the current process")]
    [InlineData("System.Diagnostics.Process.GetProcessById(Environment.ProcessId).Kill();", 1, "System.Diagnostics.Process.Kill on the current process")]
    [InlineData("var me = System.Diagnostics.Process.GetCurrentProcess(); me.Kill();", 58, "System.Diagnostics.Process.Kill on the current process")]
    public void Compile_RefusesEachWayOfEndingTheProcess(string body, int column, string api)
    {
        var result = Compile("ends.csx", Header + body + "\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(("ends.csx", 2, column, "KRS110"), (error.Path, error.Line, error.Column, error.Id));
        Assert.Equal($"calls {api}, {Ends}", error.Message);
    }

    [Fact]
    public void Compile_RefusesExit_ImportedWithUsingStatic()
    {
        var result = Compile("static.csx", Header + "using static System.Environment;\nExit(3);\n");

        Assert.Equal($"static.csx(3,1): error KRS110: calls System.Environment.Exit, {Ends}", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Compile_RefusesExit_ThroughATypeAlias()
    {
        var result = Compile("alias.csx", Header + "using Env = System.Environment;\nawait Task.Yield();\n    Env.FailFast(\"x\");\n");

        Assert.Equal($"alias.csx(4,5): error KRS110: calls System.Environment.FailFast, {Ends}", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Compile_RefusesKill_OfTheCurrentProcess_ImportedWithUsingStatic()
    {
        var result = Compile("kill.csx", Header + "using static System.Diagnostics.Process;\nGetCurrentProcess().Kill();\n");

        Assert.Equal("KRS110", Assert.Single(result.Errors).Id);
    }

    [Fact]
    public void Compile_RefusesANativeExit_DeclaredUnderAnotherName()
    {
        var result = Compile("native.csx", Header + """
            using System.Runtime.InteropServices;
            [DllImport("libc", EntryPoint = "exit")] static extern void Quit(int code);
            Quit(3);
            """);

        Assert.Equal($"native.csx(4,1): error KRS110: calls the native function exit of libc, {Ends}", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Compile_RefusesExit_InALoadedFile_WithThatFilesPathAndLine()
    {
        _folder.Write("lib/quit.csx", "// shared helpers\nstatic void Quit() => Environment.Exit(1);\n");

        var result = Compile("job.csx", Header + "#load \"lib/quit.csx\"\nQuit();\n");

        Assert.Equal($"lib/quit.csx(2,23): error KRS110: calls System.Environment.Exit, {Ends}", Assert.Single(result.Errors).ToString());
    }

    [Theory]
    [InlineData("static void Exit(int code) { }\nExit(3);")]
    [InlineData("Logger.LogInformation(nameof(Environment.Exit));")]
    [InlineData("Logger.LogInformation(\"{Id}\", Environment.ProcessId);")]
    [InlineData("var child = System.Diagnostics.Process.Start(\"true\");\nchild.Kill();")]
    [InlineData("var p = System.Diagnostics.Process.GetCurrentProcess();\np = System.Diagnostics.Process.GetProcessById(1);\np.Kill();")]
    [InlineData("void Kill(System.Diagnostics.Process p) => p.Kill();\nKill(System.Diagnostics.Process.GetProcessById(1));")]
    public void Compile_AcceptsCodeThatDoesNotEndThisProcess(string body)
    {
        var result = Compile("fine.csx", Header + body + "\n");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Compile_AcceptsEnvironmentExit_WhenTheSettingAllowsIt()
    {
        var result = Compile("exit.csx", Header + "Environment.Exit(3);\n", allowProcessExit: true);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Fingerprint_DiffersWhenProcessExitIsAllowed_SoACachedAllowedCompileIsNotTakenWithoutTheSetting() =>
        Assert.NotEqual(new ScriptCompiler(References).Fingerprint, new ScriptCompiler(References, allowProcessExit: true).Fingerprint);

    private ScriptCompileResult Compile(string relativePath, string text, bool allowProcessExit = false)
    {
        var closure = _reader.Read(_folder.Write(relativePath, text));
        return new ScriptCompiler(References, allowProcessExit)
            .Compile(closure, ScriptCacheKey.AssemblyName(relativePath, closure.Version), _folder.Path, CancellationToken.None);
    }
}
