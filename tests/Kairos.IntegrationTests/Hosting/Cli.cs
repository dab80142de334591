using System.Diagnostics;
using System.Text.Json;

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
        // Hosts of tests run side by side: each takes a free port for its API, dashboard and CLI endpoint, not 5080.
        start.Environment["KAIROS_HTTP__URLS"] = "http://127.0.0.1:0";
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

    /// <summary>
    /// Asks a running host for <c>jobs --json</c> through <paramref name="kairos"/> (one CLI process per question, which
    /// paces the loop) until the list matches <paramref name="condition"/>, for at most 60 s.
    /// </summary>
    public static async Task<List<JsonElement>> WaitForJobsAsync(
        Func<string[], Task<(int Exit, string Stdout, string Stderr)>> kairos, Func<List<JsonElement>, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var (exit, stdout, stderr) = await kairos(["jobs", "--json"]);
            var jobs = exit == 0 ? JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToList() : [];
            if (exit == 0 && condition(jobs))
            {
                return jobs;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out waiting for the jobs; last answer ({exit}): {stdout}{stderr}");
        }
    }
}
