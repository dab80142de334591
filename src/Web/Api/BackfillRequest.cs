namespace Kairos.Web.Api;

/// <summary>The body of <c>POST /api/jobs/ID/backfill</c>: the range (ISO-8601), the trigger key, the parallelism and whether only to list.</summary>
internal sealed record BackfillRequest(string? From, string? To, string? Trigger, int? MaxParallel, bool DryRun)
{
    /// <summary>The body expected, for the message that refuses another.</summary>
    public const string Shape = """{"from": "2026-03-01T00:00:00Z", "to": "2026-03-02T00:00:00Z", "trigger": "key" (optional), "maxParallel": 1 (optional), "dryRun": false (optional)}""";
}
