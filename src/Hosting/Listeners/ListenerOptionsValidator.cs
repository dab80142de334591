using System.Globalization;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Listeners;

/// <summary>Checks the listener settings at start-up and names the bad one with its value and what was expected.</summary>
internal sealed class ListenerOptionsValidator : IValidateOptions<ListenerOptions>
{
    public ValidateOptionsResult Validate(string? name, ListenerOptions options)
    {
        var failures = new List<string>();
        if (options.QueueCapacity < 1)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture,
                $"{ListenerOptions.SectionName}:QueueCapacity is '{options.QueueCapacity}': expected a whole number of at least 1"));
        }
        if (options.CallTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{ListenerOptions.SectionName}:CallTimeout is '{options.CallTimeout}': expected a positive duration such as '10s' or '00:00:10'");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
