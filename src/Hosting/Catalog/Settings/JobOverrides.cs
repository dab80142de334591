using Kairos.Host.Hosting;
using Kairos.Host.Scheduling.Cron;
using Kairos.Host.Settings;
using Kairos.Host.Text;
using Microsoft.Extensions.Configuration;

namespace Kairos.Host.Catalog.Settings;

/// <summary>
/// The job overrides of a configuration (<c>Kairos:Jobs:ID</c>), read and checked as a whole: each value that cannot
/// be read or is out of range is an error naming its key, the value and what was expected. Checks that need the job's
/// declaration (is the trigger key declared?) are made when an override is applied (<see cref="OverrideApplier"/>).
/// </summary>
internal sealed class JobOverrides
{
    /// <summary>The configuration section of the overrides.</summary>
    public const string SectionPath = KairosOptions.SectionName + ":Jobs";

    public static JobOverrides None { get; } = new(new Dictionary<string, JobOverride>(StringComparer.Ordinal));

    private JobOverrides(IReadOnlyDictionary<string, JobOverride> jobs) => Jobs = jobs;

    /// <summary>The overrides by job id (lower case, as job ids are).</summary>
    public IReadOnlyDictionary<string, JobOverride> Jobs { get; }

    public JobOverride? For(string jobId) => Jobs.GetValueOrDefault(jobId);

    /// <summary>Reads <see cref="SectionPath"/>; <paramref name="errors"/> has one message per bad value (then the result is not to be used).</summary>
    public static JobOverrides Read(IConfiguration configuration, out IReadOnlyList<string> errors)
    {
        var failures = new List<string>();
        var jobs = new Dictionary<string, JobOverride>(StringComparer.Ordinal);
        foreach (var section in configuration.GetSection(SectionPath).GetChildren())
        {
            // Configuration keys ignore case; job ids are lower case.
            var id = section.Key.ToLowerInvariant();
            if (!JobIds.IsValid(id))
            {
                failures.Add($"{section.Path} names no valid job: {JobIds.Explain(section.Key)}");
                continue;
            }
            var job = new JobOverride { Path = section.Path };
            failures.AddRange(SettingsBinder.Bind(configuration, section.Path, job));
            Check(failures, configuration, section.Path, job);
            var triggers = new Dictionary<string, TriggerOverride>(StringComparer.OrdinalIgnoreCase);
            foreach (var triggerSection in section.GetSection("Triggers").GetChildren())
            {
                var trigger = new TriggerOverride { Path = triggerSection.Path };
                failures.AddRange(SettingsBinder.Bind(configuration, triggerSection.Path, trigger));
                Check(failures, configuration, triggerSection.Path, trigger);
                triggers[triggerSection.Key] = trigger;
            }
            jobs[id] = new JobOverride
            {
                Enabled = job.Enabled, Timeout = job.Timeout, MaxAttempts = job.MaxAttempts, RetryBackoff = job.RetryBackoff,
                Overlap = job.Overlap, MaxConcurrency = job.MaxConcurrency, RetentionCount = job.RetentionCount,
                RetentionDays = job.RetentionDays, PauseAfterFailures = job.PauseAfterFailures, Path = section.Path, Triggers = triggers,
            };
        }
        errors = failures;
        return new JobOverrides(jobs);
    }

    private static void Check(List<string> failures, IConfiguration configuration, string path, JobOverride job)
    {
        void AtLeast(string key, double? value, double minimum, string expected)
        {
            if (value < minimum)
            {
                failures.Add($"{path}:{key} is '{configuration[path + ":" + key]}': expected {expected}");
            }
        }
        AtLeast(nameof(job.MaxAttempts), job.MaxAttempts, 1, "at least 1");
        AtLeast(nameof(job.MaxConcurrency), job.MaxConcurrency, 1, "at least 1");
        AtLeast(nameof(job.RetentionCount), job.RetentionCount, 0, "zero (host default) or more");
        AtLeast(nameof(job.RetentionDays), job.RetentionDays, 0, "a number of days, zero (host default) or more");
        AtLeast(nameof(job.PauseAfterFailures), job.PauseAfterFailures, 0, "zero (never) or more");
        AtLeast(nameof(job.Timeout), job.Timeout?.TotalSeconds, 0, "zero (no timeout) or a positive duration");
        AtLeast(nameof(job.RetryBackoff), job.RetryBackoff?.TotalSeconds, 0, "zero or a positive duration");
    }

    private static void Check(List<string> failures, IConfiguration configuration, string path, TriggerOverride trigger)
    {
        var interval = configuration[path + ":" + nameof(trigger.Interval)];
        if (trigger.Cron is not null && trigger.Interval is not null)
        {
            failures.Add($"{path} has both Cron '{trigger.Cron}' and Interval '{interval}': expected one of them");
        }
        var zoneValid = true;
        if (trigger.TimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            zoneValid = false;
            failures.Add($"{path}:TimeZone is '{zone}': expected an IANA time zone id such as 'UTC' or 'Europe/London'");
        }
        if (trigger.Cron is { } cron && !CronSchedule.TryParse(cron, zoneValid ? trigger.TimeZone ?? "UTC" : "UTC", out _, out var error))
        {
            failures.Add($"{path}:Cron is '{cron}': {error}");
        }
        if (trigger.Interval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{path}:Interval is '{interval}': expected {DurationText.Forms} of at least 1 second");
        }
        if (trigger.Jitter is { } jitter && (jitter < TimeSpan.Zero || jitter > TriggerValidation.MaxJitter))
        {
            failures.Add($"{path}:Jitter is '{configuration[path + ":" + nameof(trigger.Jitter)]}': expected zero (none) or {DurationText.Forms} of at most {TriggerValidation.MaxJitter:c}");
        }
    }
}
