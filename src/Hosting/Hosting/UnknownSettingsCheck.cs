using Kairos.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Hosting;

/// <summary>
/// Logs the unknown keys of the <c>Kairos</c> section (<see cref="UnknownSettings"/>) as warnings, once per host, as
/// <see cref="KairosOptions"/> are first bound (registered before their <see cref="SettingsSetup{TOptions}"/>).
/// </summary>
internal sealed class UnknownSettingsCheck(IConfiguration? configuration, ILogger? logger) : IConfigureOptions<KairosOptions>
{
    private int _checked;

    public void Configure(KairosOptions options)
    {
        // Once per host, though each options cache (IOptions, IOptionsMonitor for the start-up validation) binds its own copy.
        if (configuration is null || logger is null || Interlocked.Exchange(ref _checked, 1) == 1)
        {
            return;
        }
        foreach (var unknown in UnknownSettings.Find(configuration))
        {
            SettingsLog.UnknownSetting(logger, unknown);
        }
    }
}
