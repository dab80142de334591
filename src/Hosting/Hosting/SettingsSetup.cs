using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Hosting;

/// <summary>
/// Binds an options class from its configuration section with <see cref="SettingsBinder"/>, in place of
/// <c>BindConfiguration</c>: a value that cannot be read fails like any invalid setting (an
/// <see cref="OptionsValidationException"/> naming it), and with a logger the unknown keys of the <c>Kairos</c>
/// section are logged as warnings.
/// </summary>
internal sealed class SettingsSetup<TOptions>(IConfiguration? configuration, string sectionPath, ILogger? unknownKeys = null)
    : IConfigureOptions<TOptions> where TOptions : class
{
    private int _checked;

    public void Configure(TOptions options)
    {
        if (configuration is null)
        {
            return;
        }
        // Once per host, though each options cache (IOptions, IOptionsMonitor for the start-up validation) binds its own copy.
        if (unknownKeys is not null && Interlocked.Exchange(ref _checked, 1) == 0)
        {
            foreach (var unknown in UnknownSettings.Find(configuration))
            {
                SettingsLog.UnknownSetting(unknownKeys, unknown);
            }
        }
        var failures = SettingsBinder.Bind(configuration, sectionPath, options);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(TOptions), failures);
        }
    }
}
