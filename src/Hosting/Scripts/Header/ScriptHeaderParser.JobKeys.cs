using Kairos.Host.Catalog;

namespace Kairos.Host.Scripts.Header;

/// <summary>The job keys of a header (id, policies, enabled-when, run-once, chains).</summary>
internal sealed partial class ScriptHeaderParser
{
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
}
