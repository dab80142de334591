using Kairos;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json;

namespace Subscriptions;

/// <summary>
/// Per-entity triggers with data. The <c>sync</c> trigger reads <c>data/subscriptions.json</c> and keeps one trigger
/// <c>sub:ID</c> per subscription, with the subscription as the trigger's data (added, changed or removed as the file
/// changes). Each <c>sub:ID</c> fire delivers that subscription's message to <c>data/deliveries.log</c>. With
/// <see cref="ConcurrencyScope.Trigger"/>, a slow delivery blocks only its own subscription.
/// </summary>
[Job("subscriptions.deliver", Description = "Keeps one trigger per subscription in data/subscriptions.json and delivers each",
    ConcurrencyScope = ConcurrencyScope.Trigger, MaxAttempts = 3)]
[IntervalTrigger(30, Key = SyncKey)]
public sealed partial class SubscriptionJob : IJob
{
    private static readonly Version? JsonVersion = typeof(JsonConvert).Assembly.GetName().Version;
    public const string SyncKey = "sync";
    private const string Prefix = "sub:";
    private static readonly string SubscriptionsFile = Path.Combine("data", "subscriptions.json");
    private static readonly string DeliveriesFile = Path.Combine("data", "deliveries.log");

    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
        context.TriggerKey == SyncKey ? SyncAsync(context, cancellationToken) : DeliverAsync(context, cancellationToken);

    private static async Task SyncAsync(JobContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(SubscriptionsFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(SubscriptionsFile)!);
            var example = new[] { new Subscription("welcome", "* * * * *", "UTC", "Hello from the Subscriptions sample plugin") };
            await File.WriteAllTextAsync(SubscriptionsFile, JsonConvert.SerializeObject(example, Formatting.Indented), cancellationToken);
            LogCreatedExample(context.Logger, SubscriptionsFile);
        }
        var wanted = JsonConvert.DeserializeObject<List<Subscription>>(await File.ReadAllTextAsync(SubscriptionsFile, cancellationToken)) ?? [];
        var existing = (await context.Triggers.ListAsync(cancellationToken))
            .Where(t => t.Key.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(t => t.Key, StringComparer.Ordinal);
        foreach (var subscription in wanted)
        {
            var trigger = TriggerSpec.Cron(Prefix + subscription.Id, subscription.Cron, subscription.TimeZone ?? "UTC")
                with { DataJson = JsonConvert.SerializeObject(subscription) };
            if (!existing.Remove(trigger.Key, out var current) || current != trigger)
            {
                await context.Triggers.UpsertAsync(trigger, cancellationToken);
            }
        }
        foreach (var gone in existing.Keys)
        {
            await context.Triggers.RemoveAsync(gone, cancellationToken);
        }
        LogSynced(context.Logger, wanted.Count, existing.Count, JsonVersion);
    }

    private static async Task DeliverAsync(JobContext context, CancellationToken cancellationToken)
    {
        var subscription = context.DataJson is null ? null : JsonConvert.DeserializeObject<Subscription>(context.DataJson);
        if (subscription is null)
        {
            throw new InvalidOperationException($"trigger '{context.TriggerKey}' has no subscription data: expected the JSON of a subscription");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(DeliveriesFile)!);
        var line = $"{context.ScheduledUtc:O} {subscription.Id} {subscription.Message}{Environment.NewLine}";
        await File.AppendAllTextAsync(DeliveriesFile, line, cancellationToken);
        LogDelivered(context.Logger, subscription.Id);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Created an example {File}; edit it to add subscriptions")]
    private static partial void LogCreatedExample(ILogger logger, string file);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Synced {Count} subscription trigger(s), removed {Removed} (Newtonsoft.Json {JsonVersion})")]
    private static partial void LogSynced(ILogger logger, int count, int removed, Version? jsonVersion);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Delivered subscription {Id}")]
    private static partial void LogDelivered(ILogger logger, string id);
}
