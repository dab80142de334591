using System.Diagnostics.CodeAnalysis;
using Kairos.Host.Catalog;
using Kairos.Host.Scheduling.Cron;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Scripts.Header;

/// <summary>
/// Reads the job a script declares from its <c>// kairos: key = value</c> header, without compiling or running it.
/// Job keys may appear once; trigger keys describe the trigger named <c>default</c> until a <c>trigger = NAME</c>
/// line starts another one. Every error carries the line and column in the user's file.
/// </summary>
internal sealed partial class ScriptHeaderParser
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

    private void Invalid(ScriptHeaderLine line, string message) => Error(line.Line, line.ValueColumn, ScriptHeaderError.InvalidValue, message);

    private void Error(int line, int column, string code, string message) => _errors.Add(new ScriptHeaderError(line, column, code, message));
}
