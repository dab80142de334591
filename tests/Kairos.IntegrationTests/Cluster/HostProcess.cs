using System.Diagnostics;
using System.Text;

namespace Kairos.IntegrationTests.Cluster;

/// <summary>A real Kairos host process: started with <c>dotnet DLL ARGS</c>, its output kept for failure messages.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(string node, Process process)
    {
        Node = node;
        _process = process;
    }

    public string Node { get; }

    /// <summary>Raised on every line the process prints and when it exits.</summary>
    public event Action? Changed;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static HostProcess Start(string node, string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null) =>
        StartProgram(node, "dotnet", [dll, .. arguments], environment, workingDirectory);

    /// <summary>Starts a program by its path (such as an installed tool's command) rather than <c>dotnet DLL</c>.</summary>
    public static HostProcess StartProgram(string node, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // Hosts of tests run side by side: each takes a free port for its API, dashboard and CLI endpoint, not 5080.
        start.Environment["KAIROS_HTTP__URLS"] = "http://127.0.0.1:0";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var host = new HostProcess(node, process);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Exited += (_, _) => host.Changed?.Invoke();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>SIGKILL: no shutdown code runs, as with a power cut.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>Sends a signal by name (<c>TERM</c>, <c>INT</c> as Ctrl-C does) and returns at once.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for a clean exit (the host finishes or interrupts its runs and leaves the cluster).</summary>
    public void Stop(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }
        Signal("TERM");
        if (!_process.WaitForExit(timeout))
        {
            Kill();
            throw new TimeoutException($"host {Node} did not stop within {timeout} after SIGTERM:\n{Output}");
        }
        _process.WaitForExit();
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }
        _process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>
    /// Waits until the process has printed <paramref name="text"/> (after the first occurrence of
    /// <paramref name="after"/>, when given); re-checks on every line it prints.
    /// </summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, string? after = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task printed;
            lock (_output)
            {
                var output = _output.ToString();
                var from = after is null ? 0 : output.IndexOf(after, StringComparison.Ordinal);
                if (from >= 0 && output.IndexOf(text, from, StringComparison.Ordinal) >= 0)
                {
                    return;
                }
                printed = _lineAdded.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || _process.HasExited)
            {
                throw new TimeoutException($"host {Node} did not print '{text}' within {timeout} (exited: {_process.HasExited}):\n{Output}");
            }
            await Task.WhenAny(printed, Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), TimeProvider.System));
        }
    }

    private TaskCompletionSource _lineAdded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        TaskCompletionSource added;
        lock (_output)
        {
            _output.AppendLine(line);
            added = _lineAdded;
            _lineAdded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.TrySetResult();
        Changed?.Invoke();
    }
}
