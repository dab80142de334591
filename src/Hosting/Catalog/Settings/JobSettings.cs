using Kairos.Host.Scheduling.Calendars;
using Kairos.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;

namespace Kairos.Host.Catalog.Settings;

/// <summary>
/// The configuration jobs are run under: the overrides of <c>Kairos:Jobs</c> in force and the start conditions that
/// declarations name, followed live. When the configuration reloads (<c>kairos.json</c> edited while the host runs), the
/// overrides are read again: valid ones replace the ones in force and <see cref="Changed"/> is raised, so the catalog
/// re-applies them and the changed jobs are reconciled; invalid ones are refused with one error naming each bad key, its
/// value and what was expected, and the previous overrides stay in force (start conditions are re-read either way).
/// </summary>
internal sealed partial class JobSettings : IDisposable
{
    private readonly IConfiguration? _configuration;
    private readonly ILogger _logger;
    private readonly IDisposable? _reload;
    private readonly object _gate = new();
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private HashSet<string> _unknownSettings;
    private string? _refused;
    private string? _fileRefused;
    private volatile JobOverrides _current;
    private readonly CalendarSet? _calendars;
    private readonly Func<IConfiguration, IReadOnlyList<string>>? _findUnknown;

    /// <param name="configuration">The configuration, followed live; none: no overrides.</param>
    /// <param name="logger">Where problems are logged.</param>
    /// <param name="calendars">The exclusion calendars that overrides may name.</param>
    /// <param name="findUnknown">
    /// The unknown keys of the whole <c>Kairos</c> section (the composition root's check, which knows every section):
    /// each new one is logged when the configuration reloads. None: not checked.
    /// </param>
    public JobSettings(IConfiguration? configuration = null, ILogger<JobSettings>? logger = null, CalendarSet? calendars = null,
        Func<IConfiguration, IReadOnlyList<string>>? findUnknown = null)
    {
        _calendars = calendars;
        _findUnknown = findUnknown;
        _configuration = configuration;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        // Invalid overrides at start stop the host (JobOverridesValidator): none is in force meanwhile.
        IReadOnlyList<string> errors = [];
        var read = configuration is null ? JobOverrides.None : JobOverrides.Read(configuration, out errors);
        _current = errors.Count > 0 ? JobOverrides.None : read;
        _unknownSettings = configuration is null || findUnknown is null ? [] : [.. findUnknown(configuration)];
        if (configuration is not null)
        {
            _reload = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
        }
    }

    /// <summary>Raised after the configuration reloaded (whether or not the overrides changed), off any lock.</summary>
    public event Action? Changed;

    public JobOverrides Current => _current;

    /// <summary>The job in force for <paramref name="declared"/>; a problem of its overrides is logged once.</summary>
    public EffectiveJob Apply(JobDefinition declared)
    {
        var effective = OverrideApplier.Apply(declared, _current.For(declared.Id), key => _configuration?[key], _calendars);
        foreach (var problem in effective.Problems)
        {
            if (Report(problem))
            {
                LogOverrideProblem(_logger, problem);
            }
        }
        return effective;
    }

    /// <summary>Warns once about each job id that has overrides but that no source declares (it may load later).</summary>
    public void ReportUndeclared(IReadOnlySet<string> declared)
    {
        foreach (var (id, job) in _current.Jobs)
        {
            if (!declared.Contains(id) && Report("undeclared:" + id))
            {
                LogUndeclared(_logger, job.Path, id);
            }
        }
    }

    public void Dispose() => _reload?.Dispose();

    /// <summary>Reads the overrides again after the configuration reloaded.</summary>
    internal void Reload()
    {
        var configuration = _configuration!;
        var read = JobOverrides.Read(configuration, out var errors);
        lock (_gate)
        {
            var fileProblem = string.Join("; ", (configuration as IConfigurationRoot)?.Providers.OfType<KeptJsonFileProvider>()
                .Select(p => p.Problem).OfType<string>() ?? []);
            if (fileProblem.Length > 0 && fileProblem != _fileRefused)
            {
                LogFileRefused(_logger, fileProblem);
            }
            _fileRefused = fileProblem.Length > 0 ? fileProblem : null;
            if (errors.Count > 0)
            {
                // A configuration reload fires once per provider that reloads: the same refusal is logged once.
                var refusal = string.Join("; ", errors);
                if (refusal != _refused)
                {
                    _refused = refusal;
                    LogRefused(_logger, refusal);
                }
            }
            else
            {
                _refused = null;
                _current = read;
                _reported.RemoveWhere(r => !r.StartsWith("undeclared:", StringComparison.Ordinal));
            }
            var unknown = (_findUnknown?.Invoke(configuration) ?? []).ToHashSet(StringComparer.Ordinal);
            foreach (var message in unknown.Where(m => !_unknownSettings.Contains(m)))
            {
                SettingsLog.UnknownSetting(_logger, message);
            }
            _unknownSettings = unknown;
        }
        Changed?.Invoke();
    }

    private bool Report(string problem)
    {
        lock (_gate)
        {
            return _reported.Add(problem);
        }
    }

    [LoggerMessage(EventId = 140, Level = LogLevel.Error, Message = "Settings: job overrides refused, the previous ones stay in force: {Errors}")]
    private static partial void LogRefused(ILogger logger, string errors);

    [LoggerMessage(EventId = 143, Level = LogLevel.Error, Message = "Settings: {Problem}: the change is refused, the settings before it stay in force")]
    private static partial void LogFileRefused(ILogger logger, string problem);

    [LoggerMessage(EventId = 141, Level = LogLevel.Error, Message = "Settings: {Problem}")]
    private static partial void LogOverrideProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 142, Level = LogLevel.Warning, Message = "Settings: {Path} names job '{JobId}', which no loaded plugin, script or app job declares; it applies when one does")]
    private static partial void LogUndeclared(ILogger logger, string path, string jobId);
}
