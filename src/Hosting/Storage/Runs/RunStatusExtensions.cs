namespace Kairos.Host.Storage.Runs;

/// <summary>What a <see cref="RunStatus"/> means for the run.</summary>
internal static class RunStatusExtensions
{
    /// <summary>The run is over: every status but pending, running and waiting-for-handler.</summary>
    public static bool IsTerminal(this RunStatus status) =>
        status is not (RunStatus.Pending or RunStatus.Running or RunStatus.WaitingForHandler);
}
