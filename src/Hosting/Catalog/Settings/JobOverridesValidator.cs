using Kairos.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Catalog.Settings;

/// <summary>Checks the job overrides (<c>Kairos:Jobs</c>) at start-up with the other settings: a bad value stops the host, named with its value and what was expected.</summary>
internal sealed class JobOverridesValidator(IConfiguration? configuration = null) : IValidateOptions<KairosOptions>
{
    public ValidateOptionsResult Validate(string? name, KairosOptions options)
    {
        if (configuration is null)
        {
            return ValidateOptionsResult.Skip;
        }
        _ = JobOverrides.Read(configuration, out var errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
