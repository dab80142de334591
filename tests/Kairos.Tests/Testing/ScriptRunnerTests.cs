using Kairos.Testing;
using Microsoft.Extensions.Logging;
using TestJobContext = Kairos.Testing.TestJobContext;

namespace Kairos.Tests.Testing;

public sealed class ScriptRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task RunAsync_RunsTheScriptWithItsData_AndKeepsItsLogAndSchedulerCalls()
    {
        var path = _folder.Write("greet.csx", """"
            // kairos: id = greeter
            // kairos: interval = 1m
            var name = GetDataString("name", "nobody");
            Logger.LogInformation("Hello {Name}", name);
            await Scheduler.TriggerAsync("next.job", $$"""{"from":"{{name}}"}""", CancellationToken);
            """");

        var result = await ScriptRunner.RunAsync(path, """{"name":"ada"}""");

        Assert.Equal(RunStatus.Succeeded, result.Status);
        Assert.Empty(result.Diagnostics);
        Assert.Equal("greeter", result.Context.JobId);
        var line = Assert.Single(result.Logs);
        Assert.Equal((LogLevel.Information, "Hello ada"), (line.Level, line.Message));
        var call = Assert.Single(result.Context.SchedulerCalls);
        Assert.Equal(("next.job", """{"from":"ada"}"""), (call.JobId, call.DataJson));
    }

    [Fact]
    public async Task RunAsync_GivesDiagnosticsNamingFileAndLine_WhenTheScriptDoesNotCompile()
    {
        var path = _folder.Write("broken.csx", "// kairos: id = broken\n// kairos: interval = 1m\n\nvar total = 1 + 2\nLogger.LogInformation(\"{Total}\", total);\n");

        var result = await ScriptRunner.RunAsync(path);

        Assert.Equal(RunStatus.Failed, result.Status);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(new ScriptDiagnostic(path, 4, 18, "CS1002", "; expected"), diagnostic);
        Assert.Contains("broken.csx(4,18): error CS1002", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_GivesDiagnosticsOfTheLoadedFile_WhenAnErrorIsInIt()
    {
        _folder.Write("lib/helpers.csx", "static int Twice(int x) => x * 2\n");
        var path = _folder.Write("main.csx", "// kairos: id = main\n// kairos: interval = 1m\n#load \"lib/helpers.csx\"\nLogger.LogInformation(\"{N}\", Twice(2));\n");

        var result = await ScriptRunner.RunAsync(path);

        Assert.Equal(RunStatus.Failed, result.Status);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((Path.Combine(_folder.Path, "lib", "helpers.csx"), 1), (diagnostic.File, diagnostic.Line));
    }

    [Fact]
    public async Task RunAsync_GivesTheHeaderError_WhenTheHeaderIsWrong()
    {
        var path = _folder.Write("bad-header.csx", "// kairos: id = bad\n// kairos: cron = 0 25 * * *\nreturn;\n");

        var result = await ScriptRunner.RunAsync(path);

        Assert.Equal(RunStatus.Failed, result.Status);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal((path, 2), (diagnostic.File, diagnostic.Line));
    }

    [Fact]
    public async Task RunAsync_IsFailedWithTheScriptsException_WhenTheScriptThrows()
    {
        var path = _folder.Write("throws.csx", "// kairos: id = thrower\n// kairos: interval = 1m\nthrow new InvalidOperationException(\"no invoices for 'acme'\");\n");

        var result = await ScriptRunner.RunAsync(path);

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Empty(result.Diagnostics);
        Assert.Equal("no invoices for 'acme'", Assert.IsType<InvalidOperationException>(result.Error).Message);
    }

    [Fact]
    public async Task RunAsync_IsTimedOut_WhenTheTestClockPassesTheHeadersTimeout()
    {
        var path = _folder.Write("slow.csx", "// kairos: id = slow\n// kairos: interval = 1m\n// kairos: timeout = 10s\nawait Task.Delay(TimeSpan.FromMinutes(1), TimeProvider, CancellationToken);\n");
        var context = new TestJobContext();

        var run = ScriptRunner.RunAsync(path, context: context);
        context.Clock.Advance(TimeSpan.FromSeconds(10));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.TimedOut, result.Status);
    }

    [Fact]
    public async Task RunAsync_Throws_WhenTheFileDoesNotExist()
    {
        var missing = Path.Combine(_folder.Path, "missing.csx");

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => ScriptRunner.RunAsync(missing));

        Assert.Contains("missing.csx", error.Message, StringComparison.Ordinal);
    }
}
