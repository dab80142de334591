namespace Kairos.Host.Cli;

/// <summary>
/// The options of <c>kairos exec</c>: <see cref="Target"/> is a job id or a <c>.csx</c> file; the rest null when not given.
/// <see cref="WaitForDebugger"/> waits for a debugger before anything loads.
/// </summary>
internal sealed record ExecSettings(
    string Target, string? Data, string? Plugins, string? Scripts, string? Database, string? ConfigFile, bool WaitForDebugger)
{
    /// <summary>True when the target names a script file (it ends with <c>.csx</c>), not a job id.</summary>
    public bool IsScript => Target.EndsWith(".csx", StringComparison.OrdinalIgnoreCase);
}
