using System.Text.Json.Serialization;
using LiteDB;

namespace Kairos.Host.Storage.Catalog;

/// <summary>
/// The stored form of a job's <see cref="JobPolicies"/>: LiteDB's <c>Policies</c> document and PostgreSQL's
/// <c>policies</c> JSON, with each field's name pinned (the names the stores wrote by reflection before this shape
/// existed), so that renaming a property of <see cref="JobPolicies"/> cannot change what the stores hold.
/// </summary>
internal sealed class JobPoliciesShape
{
    [BsonField("Overlap"), JsonPropertyName("Overlap")]
    public OverlapPolicy Overlap { get; set; } = OverlapPolicy.Skip;

    [BsonField("MaxConcurrency"), JsonPropertyName("MaxConcurrency")]
    public int MaxConcurrency { get; set; } = 1;

    [BsonField("Scope"), JsonPropertyName("Scope")]
    public ConcurrencyScope Scope { get; set; } = ConcurrencyScope.Job;

    [BsonField("MaxAttempts"), JsonPropertyName("MaxAttempts")]
    public int MaxAttempts { get; set; } = 1;

    [BsonField("RetryBackoff"), JsonPropertyName("RetryBackoff")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(10);

    [BsonField("Timeout"), JsonPropertyName("Timeout")]
    public TimeSpan? Timeout { get; set; }

    [BsonField("Recovery"), JsonPropertyName("Recovery")]
    public RecoveryPolicy Recovery { get; set; } = RecoveryPolicy.None;

    [BsonField("RetentionCount"), JsonPropertyName("RetentionCount")]
    public int RetentionCount { get; set; }

    [BsonField("RetentionAge"), JsonPropertyName("RetentionAge")]
    public TimeSpan? RetentionAge { get; set; }

    /// <summary>
    /// Added with auto-pause: written only when set (null for 0, never), so that the stored form of every policy without
    /// it stays as it was; absent from documents written before, where it reads as 0.
    /// </summary>
    [BsonField("PauseAfterFailures"), JsonPropertyName("PauseAfterFailures"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PauseAfterFailures { get; set; }

    /// <summary>Added with chaining: written only when set (null for none), like <see cref="PauseAfterFailures"/>.</summary>
    [BsonField("OnSuccess"), JsonPropertyName("OnSuccess"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OnSuccess { get; set; }

    /// <summary>Added with chaining: written only when set (null for none).</summary>
    [BsonField("OnFailure"), JsonPropertyName("OnFailure"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OnFailure { get; set; }

    public static JobPoliciesShape From(JobPolicies policies) => new()
    {
        Overlap = policies.Overlap, MaxConcurrency = policies.MaxConcurrency, Scope = policies.Scope, MaxAttempts = policies.MaxAttempts,
        RetryBackoff = policies.RetryBackoff, Timeout = policies.Timeout, Recovery = policies.Recovery,
        RetentionCount = policies.RetentionCount, RetentionAge = policies.RetentionAge, PauseAfterFailures = policies.PauseAfterFailures > 0 ? policies.PauseAfterFailures : null,
        OnSuccess = policies.OnSuccess.Length > 0 ? policies.OnSuccess : null, OnFailure = policies.OnFailure.Length > 0 ? policies.OnFailure : null,
    };

    public JobPolicies ToPolicies() => new()
    {
        Overlap = Overlap, MaxConcurrency = MaxConcurrency, Scope = Scope, MaxAttempts = MaxAttempts,
        RetryBackoff = RetryBackoff, Timeout = Timeout, Recovery = Recovery,
        RetentionCount = RetentionCount, RetentionAge = RetentionAge, PauseAfterFailures = PauseAfterFailures ?? 0,
        OnSuccess = OnSuccess ?? "", OnFailure = OnFailure ?? "",
    };
}
