using System.Diagnostics;
using System.Globalization;

namespace Kairos.Bench.Harness;

/// <summary>
/// Launches a process and measures, from outside, the time until it prints the marker line of a job body, and its
/// peak RSS (VmHWM) at that moment; then kills it.
/// </summary>
internal static class MarkerProcess
{
    public const string Marker = "KAIROS_BENCH_FIRED";

    public sealed record Result(double FirstFireMs, double PeakRssMb, string Line);

    public static async Task<Result> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var fired = new TaskCompletionSource<(double Ms, string Line)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new List<string>();
        using var process = new Process { StartInfo = start };
        var clock = new Stopwatch();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(Marker, StringComparison.Ordinal) == true)
            {
                fired.TrySetResult((clock.Elapsed.TotalMilliseconds, e.Data));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (stderr)
                {
                    stderr.Add(line);
                }
            }
        };
        clock.Start();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var (ms, line) = await fired.Task.WaitAsync(timeout).ConfigureAwait(false);
            var peak = PeakRssKb(process.Id) / 1024.0;
            return new Result(ms, peak, line);
        }
        catch (TimeoutException)
        {
            string tail;
            lock (stderr)
            {
                tail = string.Join("\n", stderr.TakeLast(15));
            }
            throw new InvalidOperationException($"'{start.FileName} {string.Join(' ', start.ArgumentList)}' printed no {Marker} line within {timeout.TotalSeconds:0} s; stderr ends with:\n{tail}");
        }
        finally
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts this bench program itself (as <c>dotnet Kairos.Bench.dll</c> or its apphost) with arguments.</summary>
    public static ProcessStartInfo Self(params string[] args)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self);
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MarkerProcess).Assembly.Location);
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        return start;
    }

    private static long PeakRssKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }
        return 0;
    }
}
