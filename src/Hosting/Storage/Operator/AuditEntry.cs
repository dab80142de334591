namespace Kairos.Host.Storage.Operator;

/// <summary>
/// One operator action as the audit trail keeps it (<see cref="IAuditLog"/>): its id (time-ordered, as run ids are),
/// when, who (the scheduler API's actor: <c>cli:USER</c>, <c>api</c>, <c>job:ID</c>), the action word
/// (<c>trigger</c>, <c>pause</c>, <c>cancel</c>, ...), the job and run it concerns, and its details (reason, until, data).
/// </summary>
internal sealed record AuditEntry
{
    public required string Id { get; init; }
    public required DateTimeOffset AtUtc { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public string? JobId { get; init; }
    public string? RunId { get; init; }
    public string? Detail { get; init; }
}
