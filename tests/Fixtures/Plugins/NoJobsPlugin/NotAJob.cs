using Kairos;

namespace Fixtures.NoJobs;

/// <summary>References the contract but declares no job.</summary>
public sealed class NotAJob
{
    public TriggerSpec Trigger { get; } = TriggerSpec.Interval("default", TimeSpan.FromMinutes(1));
}
