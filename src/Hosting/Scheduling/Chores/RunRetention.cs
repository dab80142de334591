using Kairos.Host.Hosting;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling.Chores;

/// <summary>
/// The run records of <see cref="RetentionService"/>: each job's count and age limits (its policies, else
/// <see cref="KairosOptions.RetentionCount"/> and <see cref="KairosOptions.RetentionAge"/>) applied to its history.
/// </summary>
internal sealed class RunRetention(IRunHistory runs, ICatalogStore jobs, IOptions<KairosOptions> options)
{
    /// <summary>Deletes the run records beyond each job's limits at <paramref name="now"/>; returns how many.</summary>
    public int Apply(DateTimeOffset now)
    {
        var defaults = options.Value;
        var policies = jobs.GetJobs().ToDictionary(j => j.Id, j => j.Policies, StringComparer.Ordinal);
        return runs.ApplyRetention(jobId =>
        {
            policies.TryGetValue(jobId, out var p);
            var count = p is { RetentionCount: > 0 } ? p.RetentionCount : defaults.RetentionCount;
            var age = p?.RetentionAge ?? defaults.RetentionAge;
            return (count, age);
        }, now);
    }
}
