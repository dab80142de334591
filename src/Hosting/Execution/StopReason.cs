namespace Kairos.Host.Execution;

/// <summary>Why the host cancelled a run's token; decides the status the run is recorded with.</summary>
internal enum StopReason
{
    None = 0,
    Timeout = 1,
    Replaced = 2,
    Shutdown = 3,
    Drained = 4,

    /// <summary>An operator cancelled it (<c>kairos cancel</c>, the API): recorded <c>cancelled</c> naming them (<see cref="Execution.StoppedBy"/>).</summary>
    Operator = 5,
}
