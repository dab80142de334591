namespace Kairos;

/// <summary>Thrown by <see cref="IScheduler"/> for a job id the store does not have; the message lists the known ids.</summary>
public sealed class JobNotFoundException : ArgumentException
{
    /// <summary>An exception for an unknown job.</summary>
    public JobNotFoundException()
    {
        JobId = "";
    }

    /// <summary>An exception for an unknown job, with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public JobNotFoundException(string message)
        : base(message)
    {
        JobId = "";
    }

    /// <summary>An exception for an unknown job, with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public JobNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        JobId = "";
    }

    /// <summary>An exception naming the unknown job.</summary>
    /// <param name="jobId">The id that was asked for.</param>
    /// <param name="message">What went wrong, quoting the id and what was expected.</param>
    public JobNotFoundException(string jobId, string message)
        : base(message, nameof(jobId))
    {
        JobId = jobId;
    }

    /// <summary>The id that was asked for.</summary>
    public string JobId { get; }
}
