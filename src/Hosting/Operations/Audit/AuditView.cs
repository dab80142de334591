namespace Kairos.Host.Operations.Audit;

/// <summary>
/// One entry of the audit trail, as <c>GET /api/audit</c> and the dashboard show it: an operator action (trigger,
/// pause, resume, cancel, retry, enable, disable, remove), who took it (the actor: <c>cli:USER</c>, <c>web:NAME</c>,
/// <c>api</c>, <c>job:ID</c>), when, on which job or run, and its details (the reason, the data, the run queued).
/// </summary>
internal sealed record AuditView(string Id, DateTimeOffset AtUtc, string Actor, string Action, string? JobId, string? RunId, string? Detail);

/// <summary>One page of the audit trail, newest first, and the token of the next page (null on the last).</summary>
internal sealed record AuditPageView(IReadOnlyList<AuditView> Entries, string? NextPage);
