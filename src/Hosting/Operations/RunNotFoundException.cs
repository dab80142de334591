namespace Kairos.Host.Operations;

/// <summary>A run id the store has no record of; the message quotes it (the HTTP API answers 404).</summary>
internal sealed class RunNotFoundException(string runId)
    : Exception($"unknown run '{runId}': the store has no run record with this id ('kairos history' lists them)")
{
    public string RunId { get; } = runId;
}
