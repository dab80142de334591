using System.CommandLine;
using System.Globalization;
using Kairos.Host.Catalog;
using Kairos.Host.Operations.Views;
using Kairos.Host.Scheduling.Cron;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Text;

namespace Kairos.Host.Cli;

/// <summary><c>kairos cron</c>: the next fire times of an expression in a zone, with a job's jitter when asked.</summary>
internal static partial class KairosCli
{
    private static Command CronCommand(Option<bool> json)
    {
        var expression = new Argument<string[]>("expression") { Description = "A 5- or 6-field cron expression (quote it)", Arity = ArgumentArity.OneOrMore };
        var tz = new Option<string>("--tz") { Description = "IANA time zone", DefaultValueFactory = _ => "UTC" };
        var from = new Option<string?>("--from") { Description = "ISO-8601 instant; fire times strictly after it (default now)" };
        var count = new Option<int>("--count") { Description = "How many fire times", DefaultValueFactory = _ => 10 };
        var jitter = new Option<string?>("--jitter") { Description = "The trigger's jitter (such as 5m): print the effective times of --job's trigger" };
        var job = new Option<string?>("--job") { Description = "With --jitter: the job id the offset is derived from" };
        var triggerKey = new Option<string>("--trigger") { Description = "With --jitter: the trigger key", DefaultValueFactory = _ => "default" };
        var cron = new Command("cron", "Print the next fire times of a cron expression") { expression, tz, from, count, json, jitter, job, triggerKey };
        cron.SetAction(r =>
        {
            var text = string.Join(' ', r.GetValue(expression)!);
            if (!CronSchedule.TryParse(text, r.GetValue(tz)!, out var schedule, out var error))
            {
                Console.Error.WriteLine($"kairos: error: {error}");
                return 2;
            }
            var start = TimeProvider.System.GetUtcNow();
            if (r.GetValue(from) is { } fromText
                && !DateTimeOffset.TryParse(fromText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out start))
            {
                Console.Error.WriteLine($"kairos: error: --from '{fromText}' is not an instant: expected ISO-8601 such as 2026-03-08T06:00:00Z");
                return 2;
            }
            if (r.GetValue(count) < 1)
            {
                Console.Error.WriteLine($"kairos: error: --count {r.GetValue(count)} is invalid: expected a positive number");
                return 2;
            }
            var offset = TimeSpan.Zero;
            List<DateTimeOffset> times;
            if (r.GetValue(jitter) is { } jitterText)
            {
                if (!DurationText.TryParse(jitterText, out var spread) || spread <= TimeSpan.Zero || spread > TriggerValidation.MaxJitter)
                {
                    Console.Error.WriteLine($"kairos: error: --jitter '{jitterText}' is invalid: expected {DurationText.Forms}, positive and at most {TriggerValidation.MaxJitter:c}");
                    return 2;
                }
                if (r.GetValue(job) is not { Length: > 0 } jobId)
                {
                    Console.Error.WriteLine("kairos: error: --jitter needs --job ID (and --trigger KEY when not 'default'): the offset is derived from them");
                    return 2;
                }
                var spec = TriggerSpec.Cron(r.GetValue(triggerKey)!, text, r.GetValue(tz)!) with { Jitter = spread };
                offset = TriggerJitter.Offset(jobId, spec);
                times = JitteredTimes(jobId, spec, start.ToUniversalTime(), r.GetValue(count));
            }
            else
            {
                times = schedule.GetOccurrences(start.ToUniversalTime(), r.GetValue(count)).ToList();
            }
            if (r.GetValue(json))
            {
                Console.Out.WriteLine(JsonOutput.Serialize(times));
            }
            else
            {
                foreach (var t in times)
                {
                    var local = TimeZoneInfo.ConvertTime(t, schedule.TimeZone);
                    Console.Out.WriteLine(offset == TimeSpan.Zero
                        ? $"{t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}  {local:yyyy-MM-dd HH:mm:ss zzz}"
                        : $"{t.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}  {local:yyyy-MM-dd HH:mm:ss.fff zzz}  (jitter +{TriggerJitter.Format(offset)})");
                }
                if (times.Count == 0)
                {
                    Console.Error.WriteLine("never: the expression has no fire time after the start");
                }
            }
            return 0;
        });
        return cron;
    }

    /// <summary>The next <paramref name="count"/> fires of a jittered trigger by the engine's own schedule: its unjittered instants plus the offset.</summary>
    private static List<DateTimeOffset> JitteredTimes(string jobId, TriggerSpec spec, DateTimeOffset start, int count)
    {
        var schedule = new TriggerSchedule();
        var times = new List<DateTimeOffset>();
        for (var at = schedule.First(jobId, spec, start); at is { } value && times.Count < count; at = schedule.Next(jobId, spec, value))
        {
            times.Add(value);
        }
        return times;
    }
}
