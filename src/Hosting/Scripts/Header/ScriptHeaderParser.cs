using System.Diagnostics.CodeAnalysis;
using Kairos.Host.Catalog;
using Kairos.Host.Chaining;
using Kairos.Host.Hosting;
using Kairos.Host.Scheduling.Cron;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Text;

namespace Kairos.Host.Scripts.Header;

/// <summary>
/// Reads the job a script declares from its <c>// kairos: key = value</c> header, without compiling or running it.
/// Job keys may appear once; trigger keys describe the trigger named <c>default</c> until a <c>trigger = NAME</c>
/// line starts another one. Every error carries the line and column in the user's file.
/// </summary>
internal sealed class ScriptHeaderParser
{
    private static readonly string[] JobKeys =
        ["id", "description", "timeout", "overlap", "max-concurrency", "concurrency-scope", "max-attempts", "retry-backoff", "recovery", "retention-count", "retention-days",
         "pause-after-failures", "enabled-when", "run-once", "on-success", "on-failure"];

    private static readonly string[] TriggerKeys = ["trigger", "cron", "interval", "tz", "misfire", "priority", "data", "jitter", "calendar"];

    private readonly List<ScriptHeaderError> _errors = [];
    private readonly Dictionary<string, int> _jobKeyLines = new(StringComparer.Ordinal);
    private readonly List<ScriptTriggerDraft> _triggers = [];
    private ScriptTriggerDraft? _current;
    private string? _id;
    private string _description = "";
    private string? _enabledWhen;
    private string? _runOnce;
    private JobPolicies _policies = JobPolicies.Default;
    private int _firstLine;

    private ScriptHeaderParser()
    {
    }

    public static bool HasHeader(string text) => ScriptHeaderScanner.HasHeader(text);

    public static bool TryParse(string text, [MaybeNullWhen(false)] out JobDefinition definition, out IReadOnlyList<ScriptHeaderError> errors)
    {
        var result = Parse(text);
        definition = result.Definition;
        errors = result.Errors;
        return definition is not null;
    }

    public static ScriptHeaderResult Parse(string text)
    {
        var parser = new ScriptHeaderParser();
        foreach (var line in ScriptHeaderScanner.Scan(text))
        {
            parser.Apply(line);
        }
        return parser.Finish();
    }

    private void Apply(ScriptHeaderLine line)
    {
        if (line.AfterCode)
        {
            Error(line.Line, 1, ScriptHeaderError.AfterCode,
                $"header line '{line.Key} = {line.Value}' comes after the first line of code: move every '// kairos:' line to the top of the file");
            return;
        }
        if (_firstLine == 0)
        {
            _firstLine = line.Line;
        }
        if (line.Malformed)
        {
            Error(line.Line, line.KeyColumn, ScriptHeaderError.Malformed, $"'{line.Key}' is not a header entry: expected '// kairos: key = value'");
            return;
        }
        var key = line.Key.ToLowerInvariant();
        if (JobKeys.Contains(key))
        {
            if (NotDuplicate(_jobKeyLines, key, line))
            {
                ApplyJobKey(key, line);
            }
        }
        else if (key == "trigger")
        {
            StartTrigger(line);
        }
        else if (TriggerKeys.Contains(key))
        {
            _current ??= AddTrigger("default", line.Line);
            if (NotDuplicate(_current.KeyLines, key, line))
            {
                ApplyTriggerKey(_current, key, line);
            }
        }
        else
        {
            Error(line.Line, line.KeyColumn, ScriptHeaderError.UnknownKey,
                $"unknown key '{line.Key}': expected one of {string.Join(", ", JobKeys.Concat(TriggerKeys))}");
        }
    }

    private void ApplyJobKey(string key, ScriptHeaderLine line)
    {
        var value = line.Value;
        switch (key)
        {
            case "id":
                if (JobIds.IsValid(value))
                {
                    _id = value;
                }
                else
                {
                    Invalid(line, JobIds.Explain(value));
                }
                break;
            case "description":
                _description = value;
                break;
            case "timeout":
                if (Duration(line, TimeSpan.Zero) is { } timeout)
                {
                    _policies = _policies with { Timeout = timeout > TimeSpan.Zero ? timeout : null };
                }
                break;
            case "retry-backoff":
                if (Duration(line, TimeSpan.Zero) is { } backoff)
                {
                    _policies = _policies with { RetryBackoff = backoff };
                }
                break;
            case "overlap":
                if (Enum<OverlapPolicy>(line) is { } overlap)
                {
                    _policies = _policies with { Overlap = overlap };
                }
                break;
            case "concurrency-scope":
                if (Enum<ConcurrencyScope>(line) is { } scope)
                {
                    _policies = _policies with { Scope = scope };
                }
                break;
            case "recovery":
                if (Enum<RecoveryPolicy>(line) is { } recovery)
                {
                    _policies = _policies with { Recovery = recovery };
                }
                break;
            case "max-concurrency":
                if (Int(line, 1) is { } concurrency)
                {
                    _policies = _policies with { MaxConcurrency = concurrency };
                }
                break;
            case "max-attempts":
                if (Int(line, 1) is { } attempts)
                {
                    _policies = _policies with { MaxAttempts = attempts };
                }
                break;
            case "retention-count":
                if (Int(line, 0) is { } count)
                {
                    _policies = _policies with { RetentionCount = count };
                }
                break;
            case "pause-after-failures":
                if (Int(line, 0) is { } failures)
                {
                    _policies = _policies with { PauseAfterFailures = failures };
                }
                break;
            case "run-once":
                if (RunOnceKeys.Problem(value, 0) is { } runOnceProblem)
                {
                    Invalid(line, runOnceProblem);
                }
                else
                {
                    _runOnce = value;
                }
                break;
            case "enabled-when":
                if (value.Length == 0)
                {
                    Invalid(line, "enabled-when has no value: expected a configuration key such as 'Features:Billing'");
                }
                else if (JobDeclarationReader.StartConditionProblem(value) is { } problem)
                {
                    Invalid(line, $"enabled-when {problem}");
                }
                else
                {
                    _enabledWhen = value;
                }
                break;
            case "on-success" or "on-failure":
                if (!ChainTargets.TryNormalize(value, out var chain, out var chainError))
                {
                    Invalid(line, $"{key} {chainError}");
                }
                else
                {
                    _policies = key == "on-success" ? _policies with { OnSuccess = chain } : _policies with { OnFailure = chain };
                }
                break;
            case "retention-days":
                if (ScriptHeaderValues.TryParseNumber(value, out var days) && days >= 0)
                {
                    _policies = _policies with { RetentionAge = days > 0 ? TimeSpan.FromDays(days) : null };
                }
                else
                {
                    Invalid(line, $"retention-days '{value}' is invalid: expected a number of days, 0 (host default) or more");
                }
                break;
        }
    }

    private void ApplyTriggerKey(ScriptTriggerDraft trigger, string key, ScriptHeaderLine line)
    {
        var value = line.Value;
        switch (key)
        {
            case "cron":
                if (value.Length == 0)
                {
                    Invalid(line, "cron has no value: expected a 5-field (minute hour day month weekday) or 6-field (second first) expression");
                }
                else
                {
                    trigger.Cron = value;
                    trigger.CronColumn = line.ValueColumn;
                }
                break;
            case "interval":
                if (Duration(line, TimeSpan.FromSeconds(1)) is { } period)
                {
                    trigger.Interval = period;
                }
                break;
            case "tz":
                trigger.TimeZone = value;
                trigger.TimeZoneValid = TimeZoneInfo.TryFindSystemTimeZoneById(value, out _);
                if (!trigger.TimeZoneValid)
                {
                    Invalid(line, $"unknown time zone '{value}': expected an IANA id such as 'UTC' or 'Europe/London'");
                }
                break;
            case "misfire":
                if (Enum<MisfirePolicy>(line) is { } misfire)
                {
                    trigger.Misfire = misfire;
                }
                break;
            case "priority":
                if (Int(line, int.MinValue) is { } priority)
                {
                    trigger.Priority = priority;
                }
                break;
            case "jitter":
                if (Duration(line, TimeSpan.FromMilliseconds(1)) is { } jitter)
                {
                    trigger.Jitter = jitter;
                }
                break;
            case "calendar":
                trigger.Calendars = TriggerValidation.SplitCalendars(value);
                if (trigger.Calendars.Count == 0)
                {
                    Invalid(line, "calendar has no value: expected one or more names of Kairos:Calendars, separated by commas");
                }
                break;
            case "data":
                if (JsonText.IsValid(value, out var reason))
                {
                    trigger.DataJson = value;
                }
                else
                {
                    Invalid(line, $"data '{value}' is not valid JSON ({reason}): expected one line of JSON such as {{\"folder\": \"logs\"}}");
                }
                break;
        }
    }

    private void StartTrigger(ScriptHeaderLine line)
    {
        var name = line.Value;
        if (name.Length is 0 or > 200 || name.Any(char.IsWhiteSpace))
        {
            Invalid(line, $"trigger name '{name}' is invalid: expected 1 to 200 characters without spaces");
            name = $"invalid-{line.Line}";
        }
        else if (_triggers.FirstOrDefault(t => t.Key == name) is { } existing)
        {
            Error(line.Line, line.ValueColumn, ScriptHeaderError.DuplicateKey, $"trigger '{name}' is already declared on line {existing.Line}");
            name = $"duplicate-{line.Line}";
        }
        _current = AddTrigger(name, line.Line);
    }

    private ScriptTriggerDraft AddTrigger(string key, int line)
    {
        var trigger = new ScriptTriggerDraft(key, line);
        _triggers.Add(trigger);
        return trigger;
    }

    private ScriptHeaderResult Finish()
    {
        if (_id is null && !_jobKeyLines.ContainsKey("id"))
        {
            Error(Math.Max(1, _firstLine), 1, ScriptHeaderError.MissingId, "the header has no 'id': add a line such as '// kairos: id = reports.disk-usage'");
        }
        foreach (var trigger in _triggers)
        {
            FinishTrigger(trigger);
        }
        if (_errors.Count == 0 && _id is not null)
        {
            var triggers = _triggers.Select(t => t.ToSpec()).ToList();
            var problem = JobDeclarationReader.Validate(_policies) ?? JobDeclarationReader.ValidateTriggers(triggers)
                ?? (_runOnce is null ? null : RunOnceKeys.Problem(_runOnce, triggers.Count));
            if (problem is not null)
            {
                Error(Math.Max(1, _firstLine), 1, ScriptHeaderError.InvalidValue, problem);
            }
            else
            {
                return new ScriptHeaderResult(new JobDefinition(_id, _description, _policies, triggers) { EnabledWhen = _enabledWhen, RunOnce = _runOnce }, _id, []);
            }
        }
        return new ScriptHeaderResult(null, _id, [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)]);
    }

    private void FinishTrigger(ScriptTriggerDraft trigger)
    {
        var label = trigger.Key == "default" ? "the default trigger" : $"trigger '{trigger.Key}'";
        if (trigger.Cron is null && trigger.Interval is null)
        {
            if (!trigger.KeyLines.ContainsKey("cron") && !trigger.KeyLines.ContainsKey("interval"))
            {
                Error(trigger.Line, 1, ScriptHeaderError.MissingSchedule, $"{label} has no schedule: add a 'cron = ...' or an 'interval = ...' line");
            }
            return;
        }
        if (trigger.Cron is not null && trigger.Interval is not null)
        {
            var line = Math.Max(trigger.KeyLines["cron"], trigger.KeyLines["interval"]);
            Error(line, 1, ScriptHeaderError.InvalidValue, $"{label} has both 'cron' and 'interval': keep one, or start another trigger with 'trigger = NAME'");
            return;
        }
        if (trigger.Interval is not null && trigger.KeyLines.TryGetValue("tz", out var tzLine))
        {
            Error(tzLine, 1, ScriptHeaderError.InvalidValue, $"{label}: 'tz' applies only to a cron schedule, and this one is an interval");
        }
        if (trigger.Cron is { } cron && !CronSchedule.TryParse(cron, trigger.TimeZoneValid ? trigger.TimeZone : "UTC", out _, out var error))
        {
            Error(trigger.KeyLines["cron"], trigger.CronColumn, ScriptHeaderError.InvalidValue, error);
        }
    }

    private bool NotDuplicate(Dictionary<string, int> seen, string key, ScriptHeaderLine line)
    {
        if (seen.TryGetValue(key, out var first))
        {
            Error(line.Line, line.KeyColumn, ScriptHeaderError.DuplicateKey,
                $"'{key}' is already set on line {first}" + (TriggerKeys.Contains(key) ? ": to declare a second trigger, start it with 'trigger = NAME'" : ""));
            return false;
        }
        seen[key] = line.Line;
        return true;
    }

    private TimeSpan? Duration(ScriptHeaderLine line, TimeSpan minimum)
    {
        if (DurationText.TryParse(line.Value, out var duration) && duration >= minimum)
        {
            return duration;
        }
        var least = minimum > TimeSpan.Zero ? $" of at least {minimum.TotalSeconds:0.###} s" : " (zero or more)";
        Invalid(line, $"{line.Key} '{line.Value}' is invalid: expected {DurationText.Forms}{least}");
        return null;
    }

    private int? Int(ScriptHeaderLine line, int minimum)
    {
        if (ScriptHeaderValues.TryParseInt(line.Value, out var value) && value >= minimum)
        {
            return value;
        }
        var least = minimum == int.MinValue ? "" : $" of at least {minimum}";
        Invalid(line, $"{line.Key} '{line.Value}' is invalid: expected a whole number{least}");
        return null;
    }

    private TEnum? Enum<TEnum>(ScriptHeaderLine line) where TEnum : struct, System.Enum
    {
        if (ScriptHeaderValues.TryParseEnum<TEnum>(line.Value, out var value))
        {
            return value;
        }
        Invalid(line, $"{line.Key} '{line.Value}' is invalid: expected {ScriptHeaderValues.Names<TEnum>()}");
        return null;
    }

    private void Invalid(ScriptHeaderLine line, string message) => Error(line.Line, line.ValueColumn, ScriptHeaderError.InvalidValue, message);

    private void Error(int line, int column, string code, string message) => _errors.Add(new ScriptHeaderError(line, column, code, message));
}
