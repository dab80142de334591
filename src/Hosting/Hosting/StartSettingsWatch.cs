using Kairos.Host.Catalog.Settings;
using Kairos.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Kairos.Host.Hosting;

/// <summary>
/// Tells when the configuration changes a setting the host reads only at start. Of the <c>Kairos</c> section only the job
/// overrides (<c>Kairos:Jobs</c>, applied live by <see cref="JobSettings"/>) and the plugins' own settings
/// (<c>Kairos:Plugins</c>, read when a plugin loads) follow a change of <c>kairos.json</c>; any other key keeps the value
/// the host started with. When the configuration reloads with such a key changed, it logs a warning naming the keys (not
/// their values, which may be secrets) and, when the options built by the start's own rules (<see cref="StartSettingsCheck"/>)
/// would be refused, an error naming each bad value: the host keeps running on its start values, and its next start, and
/// the CLI, would refuse the file. Each message once, until the configuration changes again.
/// </summary>
internal sealed partial class StartSettingsWatch(IEnumerable<StartSettingsCheck> checks, ILogger<StartSettingsWatch> logger, IConfiguration? configuration = null)
    : IHostedService, IDisposable
{
    private readonly object _gate = new();
    private Dictionary<string, string>? _started;
    private IDisposable? _reload;
    private string? _changedLogged;
    private string? _problemsLogged;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration is not null)
        {
            _started = ReadAtStart(configuration);
            _reload = ChangeToken.OnChange(configuration.GetReloadToken, Check);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _reload?.Dispose();

    /// <summary>Compares the settings read at start with the configuration now, and reports a change (after a reload).</summary>
    internal void Check()
    {
        if (configuration is null || _started is not { } started)
        {
            return;
        }
        var now = ReadAtStart(configuration);
        var changed = started.Keys.Union(now.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(key => !(started.TryGetValue(key, out var before) && now.TryGetValue(key, out var after) && before == after))
            .Order(StringComparer.OrdinalIgnoreCase)
            .ToList();
        lock (_gate)
        {
            if (changed.Count == 0)
            {
                _changedLogged = _problemsLogged = null;
                return;
            }
            var keys = string.Join(", ", changed);
            if (keys != _changedLogged)
            {
                LogChanged(logger, keys);
                _changedLogged = keys;
            }
            // A refused job override is JobSettings' to report (it refuses the change live): not repeated here.
            var problems = string.Join("; ", checks.DistinctBy(c => c.Options).SelectMany(c => c.Problems()).Where(p => !IsLive(p)).Distinct());
            if (problems.Length > 0 && problems != _problemsLogged)
            {
                LogRefusedAtNextStart(logger, problems);
            }
            _problemsLogged = problems.Length > 0 ? problems : null;
        }
    }

    /// <summary>The keys of the <c>Kairos</c> section read at start, with their values.</summary>
    private static Dictionary<string, string> ReadAtStart(IConfiguration configuration)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in configuration.GetSection(KairosOptions.SectionName).AsEnumerable())
        {
            if (value is not null && !IsLive(key))
            {
                values[key] = value;
            }
        }
        return values;
    }

    /// <summary>True for a key (or a problem, which names its key first) under a section that follows a change itself.</summary>
    private static bool IsLive(string key) =>
        Under(key, JobOverrides.SectionPath) || Under(key, KairosOptions.SectionName + ":Plugins");

    private static bool Under(string key, string section) =>
        key.StartsWith(section, StringComparison.OrdinalIgnoreCase)
        && (key.Length == section.Length || key[section.Length] is ':' or ' ');

    [LoggerMessage(EventId = 144, Level = LogLevel.Warning,
        Message = "Settings: {Keys} changed while the host runs; they are read at start, so this host keeps the values it started with until it is restarted (only Kairos:Jobs overrides apply live)")]
    private static partial void LogChanged(ILogger logger, string keys);

    [LoggerMessage(EventId = 145, Level = LogLevel.Error,
        Message = "Settings: {Problems}: this host keeps running on the values it started with, but its next start will refuse the configuration until it is fixed")]
    private static partial void LogRefusedAtNextStart(ILogger logger, string problems);
}
