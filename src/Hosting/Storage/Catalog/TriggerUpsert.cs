namespace Kairos.Host.Storage.Catalog;

/// <summary>What an upsert keeps of the stored trigger it replaces: the same schedule keeps its next and last fire.</summary>
internal static class TriggerUpsert
{
    /// <summary>Carries <paramref name="stored"/>'s fire times over to <paramref name="incoming"/> when both fire at the same instants.</summary>
    public static void KeepFireTimes(StoredTrigger? stored, StoredTrigger incoming)
    {
        if (stored is not null && SameSchedule(stored.Spec, incoming.Spec))
        {
            incoming.NextFireUtc = stored.NextFireUtc;
            incoming.LastFireUtc = stored.LastFireUtc;
        }
    }

    /// <summary>Two descriptions fire at the same instants (data, priority and misfire policy may differ).</summary>
    public static bool SameSchedule(TriggerSpec a, TriggerSpec b) =>
        a.Kind == b.Kind && a.CronExpression == b.CronExpression && a.Period == b.Period && a.RunAtUtc == b.RunAtUtc
        && a.TimeZone == b.TimeZone && a.StartUtc == b.StartUtc && a.EndUtc == b.EndUtc;
}
