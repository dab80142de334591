using System.Diagnostics;

namespace Kairos.IntegrationTests.Readme;

/// <summary>Runs a README shell block (or an SDK command) with bash, as a reader would type it.</summary>
internal static class Shell
{
    public static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(6);

    /// <summary>Runs <paramref name="script"/> in <paramref name="workingDirectory"/>; fails with its output unless it exits with 0.</summary>
    public static async Task<string> RunAsync(string script, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add("-euo");
        start.ArgumentList.Add("pipefail");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        // A test run under `dotnet test` inherits the MSBuild of that command; the reader's shell has none of it.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(BuildTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"did not finish within {BuildTimeout}:\n{script}");
        }
        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode} from\n{script}\nin {workingDirectory}:\n{output}");
        return output;
    }
}
