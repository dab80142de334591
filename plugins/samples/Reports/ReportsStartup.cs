using Kairos;

namespace Reports;

/// <summary>The plugin's settings, from <c>Kairos:Plugins:Reports</c>.</summary>
/// <param name="DataFolder">The folder counted and written to. Setting <c>DataFolder</c>; default <c>data</c>.</param>
public sealed record ReportSettings(string DataFolder);

/// <summary>
/// Builds the plugin's services once per load: the settings for the jobs, and <see cref="FailureReporter"/> as an
/// <see cref="ISchedulerListener"/>, which the host calls for every job's runs while this plugin is loaded.
/// </summary>
public sealed class ReportsStartup : IPluginStartup
{
    public IServiceProvider ConfigureServices(PluginStartupContext context)
    {
        var folder = context.Settings.TryGetValue("DataFolder", out var f) && !string.IsNullOrWhiteSpace(f) ? f : "data";
        var settings = new ReportSettings(folder);
        var reporter = new FailureReporter(settings, context.LoggerFactory.CreateLogger("Reports.FailureReporter"));
        return new Services(settings, reporter);
    }

    private sealed class Services(ReportSettings settings, FailureReporter reporter) : IServiceProvider
    {
        public object? GetService(Type serviceType) =>
            serviceType == typeof(ReportSettings) ? settings
            : serviceType == typeof(ISchedulerListener) ? reporter
            : serviceType == typeof(IEnumerable<ISchedulerListener>) ? new ISchedulerListener[] { reporter }
            : null;
    }
}
