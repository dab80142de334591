namespace Kairos.Host.Sources.Trust;

/// <summary>Whether a call to a <see cref="ProcessEndingMember"/> always ends the process, or only when it targets this one.</summary>
internal enum ProcessEndingScope
{
    /// <summary>Every call ends the calling process (<c>Environment.Exit</c>).</summary>
    Always,

    /// <summary>Only a call on the current process ends it (<c>Process.Kill</c> of <c>Process.GetCurrentProcess()</c>).</summary>
    CurrentProcess,
}

/// <summary>A member that ends the process that calls it, by its declaring type's full name (namespace and name) and its name.</summary>
internal sealed record ProcessEndingMember(string TypeName, string MemberName, ProcessEndingScope Scope)
{
    public string DisplayName => $"{TypeName}.{MemberName}";
}

/// <summary>
/// The one list of the APIs that end the host process, and with it every job, run record and lease of the host: the
/// script check (on Roslyn symbols) and the plugin check (on IL member references) both read it, so they refuse the
/// same things. What cannot be seen without running the code (reflection, a stack overflow, an exception on a thread
/// of its own) is not caught here.
/// </summary>
internal static class ProcessEndingApis
{
    /// <summary>The setting that lets scripts and plugins call these APIs anyway.</summary>
    public const string AllowSetting = "Kairos:AllowProcessExit";

    private const string EnvironmentType = "System.Environment";
    private const string ProcessType = "System.Diagnostics.Process";

    public static IReadOnlyList<ProcessEndingMember> Members { get; } =
    [
        new(EnvironmentType, "Exit", ProcessEndingScope.Always),
        new(EnvironmentType, "FailFast", ProcessEndingScope.Always),
        new(ProcessType, "Kill", ProcessEndingScope.CurrentProcess),
    ];

    /// <summary>
    /// Native functions that end the calling process, called through a P/Invoke declaration (<c>[DllImport("libc")]
    /// static extern void exit(int)</c>), by their entry point name (case-sensitive, as the loader looks them up).
    /// </summary>
    public static IReadOnlyList<string> NativeEntryPoints { get; } = ["exit", "_exit", "_Exit", "quick_exit", "abort", "ExitProcess"];

    /// <summary>The method that returns the current process.</summary>
    public static (string TypeName, string MemberName) CurrentProcess { get; } = (ProcessType, "GetCurrentProcess");

    /// <summary>The method that returns a process by id: the current one when given the current process id.</summary>
    public static (string TypeName, string MemberName) ProcessById { get; } = (ProcessType, "GetProcessById");

    /// <summary>The property that is the current process id.</summary>
    public static (string TypeName, string MemberName) CurrentProcessId { get; } = (EnvironmentType, "ProcessId");

    /// <summary>The property that is a process's id (the current process id when read on the current process).</summary>
    public static (string TypeName, string MemberName) ProcessId { get; } = (ProcessType, "Id");

    public static ProcessEndingMember? Find(string typeName, string memberName)
    {
        foreach (var member in Members)
        {
            if (member.MemberName == memberName && member.TypeName == typeName)
            {
                return member;
            }
        }
        return null;
    }

    public static bool IsNativeExit(string entryPoint) => NativeEntryPoints.Contains(entryPoint, StringComparer.Ordinal);

    /// <summary>What a finding says about a call to <paramref name="what"/> (such as <c>System.Environment.Exit</c>).</summary>
    public static string Consequence(string what) =>
        $"calls {what}, which ends the host process and every job in it";

    /// <summary>What to do instead, and how to allow it anyway.</summary>
    public static string Advice { get; } =
        $"end the run by returning or throwing instead (set {AllowSetting} to true to allow it)";
}
