using System.Diagnostics;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>Runs one <c>kairos</c> CLI verb as a real process and returns its exit code, stdout and stderr.</summary>
internal static class Cli
{
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(string dll, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
