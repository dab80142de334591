namespace Kairos.Host.Execution;

/// <summary>Why the host cancelled a run's token; decides the status the run is recorded with.</summary>
internal enum StopReason
{
    None = 0,
    Timeout = 1,
    Replaced = 2,
    Shutdown = 3,
    Drained = 4,
}
