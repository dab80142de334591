namespace Kairos.Host.Operations;

/// <summary>One job as <c>kairos jobs --json</c> prints it.</summary>
internal sealed record JobView(
    string Id,
    string Description,
    string Source,
    string? Schedule,
    string TimeZone,
    DateTimeOffset? NextFireUtc,
    string State,
    string? Version,
    string? PauseReason,
    IReadOnlyList<TriggerView> Triggers,
    IReadOnlyList<string> Problems);

/// <summary>One trigger of a job.</summary>
internal sealed record TriggerView(string Key, string Schedule, string TimeZone, string Origin, DateTimeOffset? NextFireUtc, DateTimeOffset? LastFireUtc, string Misfire, string? Data);
