using Kairos.Host.Scheduling.Calendars;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Hosting;

/// <summary>Checks every setting at start-up and names the bad one with its value and what was expected.</summary>
internal sealed class KairosOptionsValidator : IValidateOptions<KairosOptions>
{
    public ValidateOptionsResult Validate(string? name, KairosOptions options)
    {
        var failures = new List<string>();
        void Positive(string setting, TimeSpan value)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"Kairos:{setting} is '{value}': expected a positive duration such as '30s' or '00:00:30'");
            }
        }

        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            failures.Add("Kairos:DatabasePath is empty: expected a file path such as 'data/kairos.db'");
        }
        if (options.StoreKind is null)
        {
            failures.Add($"Kairos:Store is '{options.Store}': expected 'litedb' (one host) or 'postgres' (a cluster)");
        }
        if (options.UsesPostgres)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                failures.Add("Kairos:ConnectionString is empty: with Kairos:Store 'postgres' expected a connection string such as 'Host=db;Database=kairos;Username=kairos;Password=...'");
            }
            else if (ConnectionStringProblem(options.ConnectionString) is { } problem)
            {
                failures.Add($"Kairos:ConnectionString is not a valid PostgreSQL connection string ({problem}): expected 'Host=...;Database=...;Username=...'");
            }
        }
        if (options.MaxConcurrency < 0)
        {
            failures.Add($"Kairos:MaxConcurrency is {options.MaxConcurrency}: expected 0 (twice the cores) or a positive number");
        }
        if (options.MisfireFireAllCap < 1)
        {
            failures.Add($"Kairos:MisfireFireAllCap is {options.MisfireFireAllCap}: expected at least 1");
        }
        if (options.RetentionCount < 1)
        {
            failures.Add($"Kairos:RetentionCount is {options.RetentionCount}: expected at least 1");
        }
        if (options.AuditRetentionCount < 1)
        {
            failures.Add($"Kairos:AuditRetentionCount is {options.AuditRetentionCount}: expected at least 1");
        }
        Positive(nameof(options.MisfireThreshold), options.MisfireThreshold);
        Positive(nameof(options.LeaseDuration), options.LeaseDuration);
        Positive(nameof(options.RetentionAge), options.RetentionAge);
        Positive(nameof(options.AuditRetentionAge), options.AuditRetentionAge);
        Positive(nameof(options.RetentionInterval), options.RetentionInterval);
        if (options.ShutdownGrace < TimeSpan.Zero)
        {
            failures.Add($"Kairos:ShutdownGrace is '{options.ShutdownGrace}': expected zero or a positive duration");
        }
        if (options.DrainGrace < TimeSpan.Zero)
        {
            failures.Add($"Kairos:DrainGrace is '{options.DrainGrace}': expected zero or a positive duration");
        }
        if (options.RecordBatchWindow < TimeSpan.Zero || options.RecordBatchWindow > TimeSpan.FromSeconds(1))
        {
            failures.Add($"Kairos:RecordBatchWindow is '{options.RecordBatchWindow}': expected zero or a positive duration of at most one second");
        }
        if (options.TriggerWriteWindow < TimeSpan.Zero || options.TriggerWriteWindow > TimeSpan.FromSeconds(1))
        {
            failures.Add($"Kairos:TriggerWriteWindow is '{options.TriggerWriteWindow}': expected zero or a positive duration of at most one second");
        }
        if (options.ClaimAhead < TimeSpan.Zero || options.ClaimAhead >= options.LeaseDuration)
        {
            failures.Add($"Kairos:ClaimAhead is '{options.ClaimAhead}': expected zero or a positive duration shorter than LeaseDuration ('{options.LeaseDuration}')");
        }
        if (options.CancellationGrace < TimeSpan.Zero)
        {
            failures.Add($"Kairos:CancellationGrace is '{options.CancellationGrace}': expected zero or a positive duration");
        }
        _ = CalendarSet.Read(options.Calendars, failures);
        if (options.HostDeathLimit < 1)
        {
            failures.Add($"Kairos:HostDeathLimit is {options.HostDeathLimit}: expected at least 1");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string? ConnectionStringProblem(string connectionString)
    {
        try
        {
            var parsed = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return string.IsNullOrWhiteSpace(parsed.Host) ? "no Host" : null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
