namespace Kairos.Host.Cli;

/// <summary>The exit codes of <c>kairos exec</c>: the outcome of its one run, or why there was none.</summary>
internal static class ExecExitCodes
{
    /// <summary>The run succeeded.</summary>
    public const int Succeeded = 0;

    /// <summary>The run failed (the job threw), or ended otherwise than succeeded, timed out or cancelled (interrupted, skipped).</summary>
    public const int Failed = 1;

    /// <summary>Bad input: bad usage, <c>--data</c> that is not JSON, a settings error, a script whose header or code does not compile, a job that did not load.</summary>
    public const int BadInput = 2;

    /// <summary>The run timed out (the job's timeout).</summary>
    public const int TimedOut = 3;

    /// <summary>No such job id in the plugins and scripts folders, or no such <c>.csx</c> file.</summary>
    public const int NotFound = 4;

    /// <summary>The store given by <c>--db</c> is held by a running host, or cannot be opened.</summary>
    public const int StoreRefused = 5;

    /// <summary>The run was cancelled (Ctrl+C), as the CLI's other verbs exit when interrupted.</summary>
    public const int Cancelled = 130;
}
