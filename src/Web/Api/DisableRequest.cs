namespace Kairos.Web.Api;

/// <summary>The body of <c>POST /api/jobs/ID/disable</c>: why (shown by <c>jobs</c> and the audit trail), optional.</summary>
internal sealed record DisableRequest(string? Reason);
