using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Operations.Queries;

/// <summary>The stored job an operation names, or the <see cref="JobNotFoundException"/> that lists the known ids.</summary>
internal sealed class JobLookup(ICatalogStore jobs)
{
    /// <summary>The stored job, or a <see cref="JobNotFoundException"/> that lists the known ids.</summary>
    public StoredJob Require(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return jobs.GetJob(jobId) ?? throw Unknown(jobId);
    }

    /// <summary>Whether the store has the job.</summary>
    public bool Exists(string jobId) => jobs.GetJob(jobId) is not null;

    /// <summary>How many jobs the store has.</summary>
    public int Count => jobs.GetJobs().Count;

    public JobNotFoundException Unknown(string jobId)
    {
        var known = jobs.GetJobs().Select(j => j.Id).ToList();
        return new JobNotFoundException(jobId, known.Count == 0
            ? $"unknown job '{jobId}': the store has no jobs yet"
            : $"unknown job '{jobId}': expected one of {string.Join(", ", known)}");
    }
}
