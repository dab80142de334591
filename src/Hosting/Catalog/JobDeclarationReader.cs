using System.Reflection;
using Kairos.Host.Storage;

namespace Kairos.Host.Catalog;

/// <summary>
/// Reads a job's declaration (<see cref="JobAttribute"/> and trigger attributes) from its class and checks it.
/// Errors name the type and the bad value; a plugin or app job with a bad declaration is reported, not loaded.
/// </summary>
internal static class JobDeclarationReader
{
    /// <summary>True for public, concrete classes that implement <see cref="IJob"/> of this host's contract.</summary>
    public static bool IsJobType(Type type) =>
        type is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && typeof(IJob).IsAssignableFrom(type);

    public static bool TryRead(Type type, out JobDefinition? definition, out string? error)
    {
        definition = null;
        var job = type.GetCustomAttribute<JobAttribute>();
        if (job is null)
        {
            error = $"{type.FullName} implements IJob but has no [Job(\"id\")] attribute: declare a stable job id";
            return false;
        }
        if (!JobIds.IsValid(job.Id))
        {
            error = $"{type.FullName}: {JobIds.Explain(job.Id)}";
            return false;
        }
        var policies = new JobPolicies
        {
            Overlap = job.Overlap,
            MaxConcurrency = job.MaxConcurrency,
            Scope = job.ConcurrencyScope,
            MaxAttempts = job.MaxAttempts,
            RetryBackoff = TimeSpan.FromSeconds(job.RetryBackoffSeconds),
            Timeout = job.TimeoutSeconds > 0 ? TimeSpan.FromSeconds(job.TimeoutSeconds) : null,
            Recovery = job.Recovery,
            RetentionCount = job.RetentionCount,
            RetentionAge = job.RetentionDays > 0 ? TimeSpan.FromDays(job.RetentionDays) : null,
        };
        var policyError = Validate(policies);
        if (policyError is not null)
        {
            error = $"{type.FullName} (job '{job.Id}'): {policyError}";
            return false;
        }

        var triggers = new List<TriggerSpec>();
        foreach (var cron in type.GetCustomAttributes<CronTriggerAttribute>())
        {
            triggers.Add(new TriggerSpec
            {
                Key = cron.Key,
                Kind = TriggerKind.Cron,
                CronExpression = cron.Expression,
                TimeZone = cron.TimeZone,
                Misfire = cron.Misfire,
                Priority = cron.Priority,
                DataJson = cron.DataJson,
            });
        }
        foreach (var interval in type.GetCustomAttributes<IntervalTriggerAttribute>())
        {
            triggers.Add(new TriggerSpec
            {
                Key = interval.Key,
                Kind = TriggerKind.Interval,
                Period = interval.Seconds > 0 ? TimeSpan.FromSeconds(interval.Seconds) : null,
                Misfire = interval.Misfire,
                Priority = interval.Priority,
                DataJson = interval.DataJson,
            });
        }
        error = ValidateTriggers(triggers);
        if (error is not null)
        {
            error = $"{type.FullName} (job '{job.Id}'): {error}";
            return false;
        }
        definition = new JobDefinition(job.Id, job.Description, policies, triggers);
        return true;
    }

    public static string? Validate(JobPolicies policies)
    {
        if (policies.MaxAttempts < 1)
        {
            return $"MaxAttempts is {policies.MaxAttempts}: expected at least 1";
        }
        if (policies.MaxConcurrency < 1)
        {
            return $"MaxConcurrency is {policies.MaxConcurrency}: expected at least 1";
        }
        if (policies.RetryBackoff < TimeSpan.Zero)
        {
            return $"RetryBackoffSeconds is {policies.RetryBackoff.TotalSeconds}: expected zero or more";
        }
        if (policies.RetentionCount < 0)
        {
            return $"RetentionCount is {policies.RetentionCount}: expected zero (host default) or more";
        }
        return null;
    }

    public static string? ValidateTriggers(IReadOnlyList<TriggerSpec> triggers)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var trigger in triggers)
        {
            if (!keys.Add(trigger.Key))
            {
                return $"trigger key '{trigger.Key}' is declared twice: give each trigger its own Key";
            }
            if (TriggerValidation.Validate(trigger) is { } error)
            {
                return error;
            }
        }
        return null;
    }
}
