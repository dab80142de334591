namespace Kairos.Web.Api;

/// <summary>The body of <c>POST /api/jobs/ID/disable</c>: why the job is switched off (optional).</summary>
internal sealed record DisableRequest(string? Reason)
{
    /// <summary>The body expected, for the message that refuses another.</summary>
    public const string Shape = """{"reason": "text"}, optional""";
}
