using System.Diagnostics;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>Runs one <c>kairos</c> CLI verb as a real process and returns its exit code, stdout and stderr.</summary>
internal static class Cli
{
    public static Task<(int Exit, string Stdout, string Stderr)> RunAsync(string dll, string workingDirectory, params string[] arguments) =>
        RunAsync(dll, workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>Runs the verb with these extra environment variables (such as <c>KAIROS_Store</c>).</summary>
    public static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(
        string dll, string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
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
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout, await stderr);
    }
}
