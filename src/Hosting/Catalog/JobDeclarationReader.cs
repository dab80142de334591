using System.Reflection;
using Kairos.Host.Storage.Catalog;

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
        if (!ChainTargets.TryNormalize(job.OnSuccess, out var onSuccess, out var chainError))
        {
            error = $"{type.FullName} (job '{job.Id}'): OnSuccess {chainError}";
            return false;
        }
        if (!ChainTargets.TryNormalize(job.OnFailure, out var onFailure, out chainError))
        {
            error = $"{type.FullName} (job '{job.Id}'): OnFailure {chainError}";
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
            PauseAfterFailures = job.PauseAfterFailures,
            OnSuccess = onSuccess,
            OnFailure = onFailure,
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
                Jitter = Jitter(cron.JitterSeconds),
                Calendars = [.. cron.Calendars ?? []],
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
                Jitter = Jitter(interval.JitterSeconds),
                Calendars = [.. interval.Calendars ?? []],
            });
        }
        if (type.GetCustomAttributes<TriggerAttribute>().FirstOrDefault(t => t.JitterSeconds != 0 && Jitter(t.JitterSeconds) is null) is { } badJitter)
        {
            error = $"{type.FullName} (job '{job.Id}'): trigger '{badJitter.Key}': JitterSeconds is {badJitter.JitterSeconds}: expected 0 (none) or a positive number of seconds of at most {TriggerValidation.MaxJitter.TotalSeconds}";
            return false;
        }
        error = ValidateTriggers(triggers);
        if (error is not null)
        {
            error = $"{type.FullName} (job '{job.Id}'): {error}";
            return false;
        }
        if (StartConditionProblem(job.EnabledWhen) is { } condition)
        {
            error = $"{type.FullName} (job '{job.Id}'): EnabledWhen {condition}";
            return false;
        }
        if (job.RunOnce.Length > 0 && RunOnceKeys.Problem(job.RunOnce, triggers.Count) is { } runOnce)
        {
            error = $"{type.FullName} (job '{job.Id}'): {runOnce}";
            return false;
        }
        definition = new JobDefinition(job.Id, job.Description, policies, triggers)
        {
            EnabledWhen = string.IsNullOrWhiteSpace(job.EnabledWhen) ? null : job.EnabledWhen.Trim(),
            RunOnce = job.RunOnce.Length == 0 ? null : job.RunOnce,
        };
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
        if (policies.PauseAfterFailures < 0)
        {
            return $"PauseAfterFailures is {policies.PauseAfterFailures}: expected zero (never) or more";
        }
        return null;
    }

    /// <summary>
    /// Null when <paramref name="key"/> is empty (no start condition) or a configuration key (<c>Features:Billing</c>);
    /// else what is wrong with it, quoting it.
    /// </summary>
    public static string? StartConditionProblem(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }
        var trimmed = key.Trim();
        return trimmed.Split(':').Any(part => part.Length == 0 || part.Any(char.IsWhiteSpace))
            ? $"'{key}' is not a configuration key: expected a key such as 'Features:Billing' (parts separated by ':', no spaces)"
            : null;
    }

    /// <summary>A trigger attribute's <c>JitterSeconds</c> as a jitter: null for 0 and for a value out of range (reported by the reader).</summary>
    private static TimeSpan? Jitter(double seconds) =>
        seconds > 0 && seconds <= TriggerValidation.MaxJitter.TotalSeconds ? TimeSpan.FromSeconds(seconds) : null;

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
