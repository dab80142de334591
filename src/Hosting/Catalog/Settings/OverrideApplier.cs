using System.Globalization;
using Kairos.Host.Scheduling.Calendars;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Catalog.Settings;

/// <summary>
/// Applies a job's overrides and its start condition to its declaration, the one place where a declaration becomes the
/// job in force (for plugins, scripts and app jobs alike). Pure: the caller gives the setting reader.
/// </summary>
internal static class OverrideApplier
{
    /// <param name="declared">The job as its source declares it.</param>
    /// <param name="overrides">Its <c>Kairos:Jobs:ID</c> section, or null.</param>
    /// <param name="setting">Reads a configuration value by key (for the start condition); null when not set.</param>
    /// <param name="calendars">
    /// The host's exclusion calendars: a trigger in force naming one it does not define switches the job off (its fires
    /// would otherwise run in the blackout meant for them), with a problem quoting the name. None checked when null.
    /// </param>
    public static EffectiveJob Apply(JobDefinition declared, JobOverride? overrides, Func<string, string?> setting, CalendarSet? calendars = null)
    {
        var effective = ApplyOverrides(declared, overrides, setting, calendars);
        if (calendars is null)
        {
            return effective;
        }
        var unknown = effective.Definition.Triggers.Select(calendars.Unknown).OfType<string>().ToList();
        if (unknown.Count == 0)
        {
            return effective;
        }
        var reason = $"job '{declared.Id}': {string.Join("; ", unknown)}";
        return effective with
        {
            DisabledReason = effective.DisabledReason ?? reason,
            Problems = [.. effective.Problems, reason + "; the job does not run until the calendar is defined"],
        };
    }

    private static EffectiveJob ApplyOverrides(JobDefinition declared, JobOverride? overrides, Func<string, string?> setting, CalendarSet? calendars)
    {
        var disabled = StartCondition(declared, setting);
        if (overrides is null)
        {
            return EffectiveJob.Declared(declared) with { DisabledReason = disabled };
        }
        var (policies, changed) = ApplyPolicies(declared.Policies, overrides);
        if (overrides.Enabled == false)
        {
            disabled = $"{overrides.Path}:Enabled is false";
            changed = [new PolicyOverride($"{overrides.Path}:Enabled", "true", "false"), .. changed];
        }
        var problems = new List<string>();
        var triggers = new List<TriggerSpec>(declared.Triggers.Count);
        var overridden = new Dictionary<string, TriggerOverridden>(StringComparer.Ordinal);
        foreach (var spec in declared.Triggers)
        {
            if (!overrides.Triggers.TryGetValue(spec.Key, out var change))
            {
                triggers.Add(spec);
                continue;
            }
            var effective = Apply(spec, change);
            if ((calendars is null ? TriggerValidation.Validate(effective) : TriggerValidation.Validate(effective, calendars)) is { } error)
            {
                problems.Add($"{change.Path} is refused: {error}; the declared trigger stays in force");
                triggers.Add(spec);
                continue;
            }
            triggers.Add(effective);
            if (effective != spec)
            {
                overridden[spec.Key] = new TriggerOverridden(change.Path, spec);
            }
        }
        foreach (var (key, change) in overrides.Triggers)
        {
            if (!declared.Triggers.Any(t => string.Equals(t.Key, key, StringComparison.OrdinalIgnoreCase)))
            {
                var keys = declared.Triggers.Count == 0 ? "none" : string.Join(", ", declared.Triggers.Select(t => $"'{t.Key}'"));
                problems.Add($"{change.Path} overrides trigger '{key}', which job '{declared.Id}' does not declare: expected one of its declared triggers ({keys})");
            }
        }
        var definition = declared with { Policies = policies, Triggers = triggers };
        return new EffectiveJob(definition, disabled, changed, overridden, problems);
    }

    /// <summary>Null when the job may run: it names no start condition, or its setting is <c>true</c> (any case).</summary>
    public static string? StartCondition(JobDefinition declared, Func<string, string?> setting)
    {
        if (string.IsNullOrWhiteSpace(declared.EnabledWhen))
        {
            return null;
        }
        var key = declared.EnabledWhen.Trim();
        return setting(key) switch
        {
            { } value when string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase) => null,
            null => $"start condition {key} is not set: the job runs only while it is 'true'",
            var value => $"start condition {key} is '{value}': the job runs only while it is 'true'",
        };
    }

    private static TriggerSpec Apply(TriggerSpec spec, TriggerOverride change)
    {
        var effective = spec;
        if (change.Cron is { } cron)
        {
            effective = effective with { Kind = TriggerKind.Cron, CronExpression = cron.Trim(), Period = null };
        }
        if (change.Interval is { } interval)
        {
            effective = effective with { Kind = TriggerKind.Interval, Period = interval, CronExpression = null };
        }
        if (change.TimeZone is { } zone)
        {
            effective = effective with { TimeZone = zone.Trim() };
        }
        if (change.Misfire is { } misfire)
        {
            effective = effective with { Misfire = misfire };
        }
        if (change.Priority is { } priority)
        {
            effective = effective with { Priority = priority };
        }
        if (change.Jitter is { } jitter)
        {
            effective = effective with { Jitter = jitter > TimeSpan.Zero ? jitter : null };
        }
        if (change.Calendars is { } calendars)
        {
            effective = effective with { Calendars = TriggerValidation.SplitCalendars(calendars) };
        }
        return effective;
    }

    private static (JobPolicies Policies, IReadOnlyList<PolicyOverride> Changed) ApplyPolicies(JobPolicies declared, JobOverride o)
    {
        var policies = declared;
        var changed = new List<PolicyOverride>();
        void Set<T>(string name, T? value, T current, Func<T, JobPolicies> with, Func<T, string> text) where T : struct
        {
            if (value is { } v && !EqualityComparer<T>.Default.Equals(v, current))
            {
                changed.Add(new PolicyOverride($"{o.Path}:{name}", text(current), text(v)));
                policies = with(v);
            }
        }
        static string Duration(TimeSpan? d) => d is { } value && value > TimeSpan.Zero ? value.ToString("c", CultureInfo.InvariantCulture) : "none";
        static string Number(double n) => n.ToString(CultureInfo.InvariantCulture);

        Set(nameof(o.Timeout), o.Timeout, declared.Timeout ?? TimeSpan.Zero,
            v => policies with { Timeout = v > TimeSpan.Zero ? v : null }, v => Duration(v));
        Set(nameof(o.MaxAttempts), o.MaxAttempts, declared.MaxAttempts, v => policies with { MaxAttempts = v }, v => Number(v));
        Set(nameof(o.RetryBackoff), o.RetryBackoff, declared.RetryBackoff,
            v => policies with { RetryBackoff = v }, v => v.ToString("c", CultureInfo.InvariantCulture));
        Set(nameof(o.Overlap), o.Overlap, declared.Overlap, v => policies with { Overlap = v }, v => v.ToString());
        Set(nameof(o.MaxConcurrency), o.MaxConcurrency, declared.MaxConcurrency, v => policies with { MaxConcurrency = v }, v => Number(v));
        Set(nameof(o.RetentionCount), o.RetentionCount, declared.RetentionCount, v => policies with { RetentionCount = v }, v => Number(v));
        Set(nameof(o.RetentionDays), o.RetentionDays, declared.RetentionAge?.TotalDays ?? 0,
            v => policies with { RetentionAge = v > 0 ? TimeSpan.FromDays(v) : null }, v => Number(v));
        Set(nameof(o.PauseAfterFailures), o.PauseAfterFailures, declared.PauseAfterFailures,
            v => policies with { PauseAfterFailures = v }, v => Number(v));
        return (policies, changed);
    }
}
