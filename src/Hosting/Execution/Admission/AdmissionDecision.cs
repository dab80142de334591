namespace Kairos.Host.Execution.Admission;

/// <summary>What becomes of a due run that the start policy tried to start.</summary>
internal enum AdmissionDecision
{
    /// <summary>It started: it runs now.</summary>
    Start,

    /// <summary>Its key is busy: it goes back to the queue (overlap policy Queue, or an outcome of the key is still being written).</summary>
    Wait,

    /// <summary>Its key is busy: the running runs of the key are stopped and it waits for them (overlap policy Replace).</summary>
    Replace,

    /// <summary>Its key is busy: it is recorded skipped (overlap policy Skip).</summary>
    Skip,

    /// <summary>The store no longer holds it pending (another node took it, or it was released): nothing to do.</summary>
    Drop,
}
