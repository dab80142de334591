using System.Diagnostics;

namespace Kairos.IntegrationTests.Packaging;

/// <summary>Runs a program (dotnet, an installed tool) to its end and fails with its command line and output unless it exits with 0.</summary>
internal static class DotnetCommand
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // A test run under `dotnet test` inherits that command's MSBuild and test-platform settings; a user's shell has none.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var command = $"{program} {string.Join(' ', start.ArgumentList)} (in {workingDirectory})";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not finish within {Timeout}");
        }
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode} from {command}:\n{output}");
        return output;
    }
}
