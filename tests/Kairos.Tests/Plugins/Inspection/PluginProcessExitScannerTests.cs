using Kairos.Host.Plugins.Inspection;
using Kairos.Host.Scripts.Compile;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kairos.Tests.Plugins.Inspection;

/// <summary>The IL of a plugin is read, without loading it, for calls that would end the host process.</summary>
public sealed class PluginProcessExitScannerTests : IDisposable
{
    private const string Ends = "which ends the host process and every job in it";
    private static readonly ScriptReferences References = new();
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData(OptimizationLevel.Release)]
    [InlineData(OptimizationLevel.Debug)]
    public void Scan_NamesTheAsyncMethod_ThatCallsEnvironmentExit(OptimizationLevel optimization)
    {
        var path = Emit("""
            namespace Billing;
            public sealed class Job
            {
                public async System.Threading.Tasks.Task ExecuteAsync(int code)
                {
                    await System.Threading.Tasks.Task.Yield();
                    if (code > 0) { System.Environment.Exit(code); }
                }
            }
            """, optimization);

        Assert.Equal([$"Billing.Job.ExecuteAsync calls System.Environment.Exit, {Ends}"], PluginProcessExitScanner.Scan(path));
    }

    [Theory]
    [InlineData(OptimizationLevel.Release)]
    [InlineData(OptimizationLevel.Debug)]
    public void Scan_FindsEveryWayOfEndingTheProcess(OptimizationLevel optimization)
    {
        var path = Emit("""
            using System;
            using System.Diagnostics;
            using System.Runtime.InteropServices;
            namespace Ops;
            public static class Quitters
            {
                public static void Fail() => Environment.FailFast("boom");
                public static Action<int> Later() => Environment.Exit;
                public static Action InALambda() => () => Environment.FailFast("later", new Exception());
                public static void KillMe() => Process.GetCurrentProcess().Kill();
                public static void KillMyTree() => Process.GetCurrentProcess().Kill(true);
                public static void KillById() => Process.GetProcessById(Environment.ProcessId).Kill();
                public static void KillByMyId() => Process.GetProcessById(Process.GetCurrentProcess().Id).Kill();
                public static void KillThroughALocal()
                {
                    using var me = Process.GetCurrentProcess();
                    Console.WriteLine(me.ProcessName);
                    me.Kill();
                }
                [DllImport("libc", EntryPoint = "_exit")] private static extern void Bye(int code);
                public static void Native() => Bye(1);
            }
            """, optimization);

        Assert.Equal(
            [
                $"Ops.Quitters.Fail calls System.Environment.FailFast, {Ends}",
                $"Ops.Quitters.Later calls System.Environment.Exit, {Ends}",
                $"Ops.Quitters.KillMe calls System.Diagnostics.Process.Kill on the current process, {Ends}",
                $"Ops.Quitters.KillMyTree calls System.Diagnostics.Process.Kill on the current process, {Ends}",
                $"Ops.Quitters.KillById calls System.Diagnostics.Process.Kill on the current process, {Ends}",
                $"Ops.Quitters.KillByMyId calls System.Diagnostics.Process.Kill on the current process, {Ends}",
                $"Ops.Quitters.KillThroughALocal calls System.Diagnostics.Process.Kill on the current process, {Ends}",
                $"Ops.Quitters.Native calls the native function _exit of libc, {Ends}",
                $"Ops.Quitters.InALambda calls System.Environment.FailFast, {Ends}",
            ],
            PluginProcessExitScanner.Scan(path));
    }

    [Fact]
    public void Scan_FindsNothing_InCodeThatDoesNotEndThisProcess()
    {
        var path = Emit("""
            using System;
            using System.Diagnostics;
            namespace Fine;
            public static class Jobs
            {
                public static void Exit(int code) => Console.WriteLine(code);
                public static void CallsItsOwnExit() => Exit(3);
                public static int Id() => Environment.ProcessId;
                public static void KillsAChild() => Process.Start("sleep", "10")!.Kill();
                public static void KillsById(int id) => Process.GetProcessById(id).Kill();
                public static void KillsAnother()
                {
                    var p = Process.GetCurrentProcess();
                    Console.WriteLine(p.Id);
                    p = Process.GetProcessById(1);
                    p.Kill();
                }
                public static string Name() => nameof(Environment.Exit);
            }
            """, OptimizationLevel.Release);

        Assert.Empty(PluginProcessExitScanner.Scan(path));
    }

    private string Emit(string code, OptimizationLevel optimization)
    {
        var path = Path.Combine(_folder.Path, $"Scanned{optimization}.dll");
        var compilation = CSharpCompilation.Create(Path.GetFileNameWithoutExtension(path), [CSharpSyntaxTree.ParseText(code)],
            References.MetadataReferences, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: optimization, nullableContextOptions: NullableContextOptions.Enable));
        var emitted = compilation.Emit(path);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return path;
    }
}
