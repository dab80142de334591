using Kairos.Host.Operations.Backfill;

namespace Kairos.Host.Operations.Views;

/// <summary>Backfill (#16) as the CLI and the HTTP API give it: instants as text.</summary>
internal sealed partial class KairosOperations
{
    /// <summary>
    /// <see cref="KairosScheduler.Backfill"/> with <paramref name="from"/> and <paramref name="to"/> as ISO-8601 instants
    /// (UTC when they have no offset) and the parallelism 1 when null.
    /// </summary>
    public BackfillView Backfill(string jobId, string? from, string? to, string? trigger, int? maxParallel, bool dryRun) =>
        scheduler.Backfill(
            jobId,
            Instant("from", from) ?? throw new OperationException("--from is missing: expected the first instant of the range, ISO-8601 such as 2026-03-08T06:00:00Z"),
            Instant("to", to) ?? throw new OperationException("--to is missing: expected the last instant of the range, ISO-8601 such as 2026-03-08T18:00:00Z"),
            trigger,
            maxParallel ?? 1,
            dryRun);
}
