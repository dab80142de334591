namespace Kairos.Testing;

/// <summary>One change a job made to its own triggers during a test run, in the order it made them.</summary>
/// <param name="Kind">Upsert or remove.</param>
/// <param name="Key">The trigger key.</param>
/// <param name="Trigger">The trigger upserted; <see langword="null"/> for a removal.</param>
public sealed record TriggerChange(TriggerChangeKind Kind, string Key, TriggerSpec? Trigger);
