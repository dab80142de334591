using Microsoft.Extensions.Options;

namespace Kairos.Host.Watchdog;

/// <summary>Checks the watchdog settings at start-up, naming the bad one with its value and what was expected.</summary>
internal sealed class WatchdogOptionsValidator : IValidateOptions<WatchdogOptions>
{
    public ValidateOptionsResult Validate(string? name, WatchdogOptions options) =>
        options.StallThreshold < TimeSpan.FromSeconds(1)
            ? ValidateOptionsResult.Fail($"{WatchdogOptions.SectionName}:StallThreshold is '{options.StallThreshold}': expected a duration of at least 1 second such as '30s' or '00:00:30'")
            : ValidateOptionsResult.Success;
}
