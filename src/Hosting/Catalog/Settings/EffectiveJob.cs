namespace Kairos.Host.Catalog.Settings;

/// <summary>
/// A job as it is in force on this host: its declaration with the configuration's overrides applied
/// (<see cref="Definition"/>), whether configuration switches it off (<see cref="DisabledReason"/>), and what each
/// override changed, so that <c>kairos jobs</c> can show both the declared and the effective value.
/// </summary>
internal sealed record EffectiveJob(
    JobDefinition Definition,
    string? DisabledReason,
    IReadOnlyList<PolicyOverride> Policies,
    IReadOnlyDictionary<string, TriggerOverridden> Triggers,
    IReadOnlyList<string> Problems)
{
    /// <summary>The declaration in force as it is: nothing overridden, nothing disabled.</summary>
    public static EffectiveJob Declared(JobDefinition definition) => new(
        definition, null, [], new Dictionary<string, TriggerOverridden>(StringComparer.Ordinal), []);

    /// <summary>Same effect on the job (definition and disabled reason) and the same trace; problems aside.</summary>
    public bool SameAs(EffectiveJob other) =>
        Definition.Policies == other.Definition.Policies
        && Definition.Triggers.SequenceEqual(other.Definition.Triggers)
        && DisabledReason == other.DisabledReason
        && Policies.SequenceEqual(other.Policies)
        && Triggers.Count == other.Triggers.Count
        && Triggers.All(t => other.Triggers.TryGetValue(t.Key, out var o) && o == t.Value);
}

/// <summary>A job policy configuration changed: the key that did, and the declared and effective values as text.</summary>
internal sealed record PolicyOverride(string Key, string Declared, string Value);

/// <summary>A declared trigger that configuration changed: the key (section) that did, and the trigger as declared.</summary>
internal sealed record TriggerOverridden(string Key, TriggerSpec Declared);
