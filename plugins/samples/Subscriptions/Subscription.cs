namespace Subscriptions;

/// <summary>One subscription as written in <c>data/subscriptions.json</c>.</summary>
/// <param name="Id">A stable id: letters, digits, '-' and '_'.</param>
/// <param name="Cron">When to deliver: a 5-field cron expression.</param>
/// <param name="TimeZone">The IANA time zone of the expression; UTC when omitted.</param>
/// <param name="Message">What to deliver.</param>
public sealed record Subscription(string Id, string Cron, string? TimeZone, string Message);
