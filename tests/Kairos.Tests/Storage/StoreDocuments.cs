using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;

namespace Kairos.Tests.Storage;

/// <summary>The stored jobs, triggers and claim requests the LiteDB store's unit tests are written with.</summary>
internal static class StoreDocuments
{
    public static StoredJob Job(string id) => new() { Id = id, Source = "app", Version = "1" };

    public static StoredTrigger Trigger(string jobId, TriggerSpec spec, DateTimeOffset? next, TriggerOrigin origin = TriggerOrigin.Declared) => new()
    {
        Id = StoredTrigger.MakeId(jobId, spec.Key), JobId = jobId, Spec = spec, Origin = origin, NextFireUtc = next,
    };

    /// <summary>A one-shot trigger added by code, due at <paramref name="at"/>.</summary>
    public static StoredTrigger OneShot(string jobId, string key, DateTimeOffset at) =>
        Trigger(jobId, TriggerSpec.Once(key, at), at, TriggerOrigin.Dynamic);

    /// <summary>A claim at <paramref name="now"/> by <paramref name="node"/> of the due fires of <paramref name="runnable"/>, 30 s of lease, 512 fires at most.</summary>
    public static ClaimRequest Claim(DateTimeOffset now, string node, TimeSpan misfireThreshold, params string[] runnable) => new(
        now, runnable.ToHashSet(), node, now.AddSeconds(30), 512,
        new ClaimPlanner(new FirePlanner(new TriggerSchedule(), misfireThreshold, 100), _ => JobPolicies.Default));
}
