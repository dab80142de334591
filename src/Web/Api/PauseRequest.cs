namespace Kairos.Web.Api;

/// <summary>The body of <c>POST /api/jobs/ID/pause</c>: why (shown by <c>jobs</c>), and until when (an ISO-8601 instant or a duration: <c>30m</c>, <c>2h</c>), both optional.</summary>
internal sealed record PauseRequest(string? Reason, string? Until)
{
    /// <summary>The body expected, for the message that refuses another.</summary>
    public const string Shape = """{"reason": "text", "until": "2h or an ISO-8601 instant"}, both optional""";
}
