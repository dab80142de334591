using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Settings;

/// <summary>
/// Binds an options class from its configuration section with <see cref="SettingsBinder"/>, in place of
/// <c>BindConfiguration</c>: a value that cannot be read fails like any invalid setting (an
/// <see cref="OptionsValidationException"/> naming it).
/// </summary>
internal sealed class SettingsSetup<TOptions>(IConfiguration? configuration, string sectionPath)
    : IConfigureOptions<TOptions> where TOptions : class
{
    public void Configure(TOptions options)
    {
        if (configuration is null)
        {
            return;
        }
        var failures = SettingsBinder.Bind(configuration, sectionPath, options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), failures);
        }
    }
}
