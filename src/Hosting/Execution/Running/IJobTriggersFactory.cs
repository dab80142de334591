namespace Kairos.Host.Execution.Running;

/// <summary>The triggers a job changes at run time (<see cref="JobContext.Triggers"/>); implemented by the scheduler, which owns triggers.</summary>
internal interface IJobTriggersFactory
{
    IJobTriggers For(string jobId);
}
