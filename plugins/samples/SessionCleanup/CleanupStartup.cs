using System.Globalization;
using Kairos;

namespace SessionCleanup;

/// <summary>The cleanup's settings, from the host configuration section <c>Kairos:Plugins:SessionCleanup</c>.</summary>
/// <param name="File">The sessions file. Setting <c>File</c>; default <c>data/sessions.jsonl</c>.</param>
/// <param name="MaxAge">Sessions not seen for this long are removed. Setting <c>MaxAgeHours</c>; default 24.</param>
public sealed record CleanupSettings(string File, TimeSpan MaxAge);

/// <summary>Reads the settings once per load and hands them to each job instance.</summary>
public sealed class CleanupStartup : IPluginStartup
{
    public IServiceProvider ConfigureServices(PluginStartupContext context)
    {
        var file = context.Settings.TryGetValue("File", out var f) && !string.IsNullOrWhiteSpace(f) ? f : Path.Combine("data", "sessions.jsonl");
        var hours = context.Settings.TryGetValue("MaxAgeHours", out var h) && double.TryParse(h, CultureInfo.InvariantCulture, out var parsed) ? parsed : 24;
        return new SettingsProvider(new CleanupSettings(file, TimeSpan.FromHours(hours)));
    }

    private sealed class SettingsProvider(CleanupSettings settings) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(CleanupSettings) ? settings : null;
    }
}
